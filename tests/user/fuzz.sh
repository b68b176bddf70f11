#!/usr/bin/env bash
# fuzz.sh PROGRAM SEED CHILDREN CALLS [trix options]: run the syscall fuzzer in a scratch
# directory it deletes; passes when the fuzzer finishes and trix never reported an internal
# error or a fatal host failure (guest deaths by signal are fine).
set -u
prog=$1 seed=$2 children=$3 calls=$4
shift 4
scratch=$(mktemp -d /tmp/trix-fuzz.XXXXXX)
trap 'chmod -R u+rwx "$scratch" 2>/dev/null; rm -rf "$scratch"' EXIT
cp "$prog" "$scratch/fuzz.bin"
mkdir "$scratch/work"
: >"$scratch/in"    # not /dev/null: random fchown/fchmod on fd 0 would change the host's node
(cd "$scratch/work" && exec "$TRIX_RISCV64" "$@" ../fuzz.bin "$seed" "$children" "$calls" \
    <"$scratch/in" >"$scratch/out" 2>"$scratch/err") &
pid=$!
# Watchdog: the scratch directory may not grow past 256 MiB (files are capped, but a guest can
# make many); the run is stopped and fails if it does.
full=0
while kill -0 $pid 2>/dev/null; do
    sleep 1
    if [ "$(du -sm "$scratch/work" 2>/dev/null | cut -f1)" -gt 256 ] 2>/dev/null; then
        full=1
        kill -KILL $pid 2>/dev/null
        break
    fi
done
wait $pid
rc=$?
[ $full = 0 ] || { echo "scratch directory over 256 MiB: stopped"; exit 1; }
cat "$scratch/out"
bad=$(grep -a 'trix-riscv64:' "$scratch/err" | grep -av 'guest program killed by signal' | head -5)
[ -n "$bad" ] && { echo "trix reported:"; echo "$bad"; exit 1; }
[ $rc -eq 0 ] || { echo "fuzzer exit $rc"; tail -5 "$scratch/err"; exit 1; }
grep -q '^fuzz seed' "$scratch/out"
