#!/usr/bin/env bash
# Build every conformance program natively (the oracle) and for each guest in guests.txt:
# build.sh OUT -> OUT/host/NAME, OUT/<guest>/NAME. Exit 77 when a compiler is missing.
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
out=$1
mkdir -p "$out/host"
command -v gcc >/dev/null || { echo "SKIP: no host gcc"; exit 77; }
while read -r guest cc emu; do
    case $guest in ''|'#'*) continue ;; esac
    command -v "$cc" >/dev/null || { echo "SKIP: $cc not installed"; exit 77; }
    mkdir -p "$out/$guest"
done <"$dir/guests.txt"
for src in "$dir"/*.c; do
    name=$(basename "$src" .c)
    gcc -O2 -Wall -D_GNU_SOURCE -o "$out/host/$name" "$src" -lpthread -lrt &
    while read -r guest cc emu; do
        case $guest in ''|'#'*) continue ;; esac
        "$cc" -O2 -Wall -D_GNU_SOURCE -static -o "$out/$guest/$name" "$src" -lpthread -lrt &
    done <"$dir/guests.txt"
    while [ "$(jobs -rp | wc -l)" -ge 2 ]; do wait -n; done
done
fail=0
for j in $(jobs -p); do wait "$j" || fail=1; done
exit $fail
