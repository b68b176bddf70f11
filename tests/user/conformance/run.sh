#!/usr/bin/env bash
# Compare one conformance program under an emulator with the host's own run (the oracle):
# run.sh OUT GUEST NAME [emulator options...]. Each run gets a fresh scratch directory as its
# cwd, a fixed environment and empty stdin; stdout and the exit status must match.
set -u
out=$1 guest=$2 name=$3
shift 3
dir=$(cd "$(dirname "$0")" && pwd)
emu=$(awk -v g="$guest" '$1 == g { print $3 }' "$dir/guests.txt")
emu=${TRIX_ROOT:-$PWD}/build/$emu
args=$(sed -n 's/.*CONF_ARGS:[[:space:]]*//p' "$dir/$name.c" | head -n 1 | sed 's/[[:space:]]*\*\/.*$//')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/host" "$tmp/guest"
# shellcheck disable=SC2086
(cd "$tmp/host" && env -i PATH=/usr/bin:/bin CONF_SCRATCH="$tmp/host" "$out/host/$name" $args \
    </dev/null >"$tmp/host.out" 2>"$tmp/host.err")
hrc=$?
# shellcheck disable=SC2086
(cd "$tmp/guest" && env -i PATH=/usr/bin:/bin CONF_SCRATCH="$tmp/guest" "$emu" "$@" \
    "$out/$guest/$name" $args </dev/null >"$tmp/guest.out" 2>"$tmp/guest.err")
grc=$?
ok=1
[ $hrc -eq $grc ] || { echo "exit status differs: host $hrc, $guest $grc"; ok=0; }
diff -u "$tmp/host.out" "$tmp/guest.out" || { echo "transcript differs (- host kernel, + $guest)"; ok=0; }
if [ $ok = 0 ]; then
    echo "--- $guest stderr:"; head -20 "$tmp/guest.err"
    exit 1
fi
cat "$tmp/guest.out"
