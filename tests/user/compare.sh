#!/usr/bin/env bash
# Run one guest command under trix-riscv64 and qemu-riscv64; pass when stdout and exit status match.
# usage: compare.sh [emulator options...] -- PROGRAM [ARGS...]
set -u
for a in "$@"; do
    case $a in */*) [ -e "$a" ] || [ "${a#-}" != "$a" ] || { echo "missing: $a"; exit 1; } ;; esac
done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$TRIX_RISCV64" "$@" >"$out/trix.out" 2>"$out/trix.err" </dev/null
trc=$?
qemu-riscv64 "$@" >"$out/qemu.out" 2>"$out/qemu.err" </dev/null
qrc=$?
ok=1
if [ "$trc" != "$qrc" ]; then
    echo "exit status differs: trix $trc, qemu $qrc"
    ok=0
fi
if ! diff -u "$out/qemu.out" "$out/trix.out"; then
    echo "stdout differs (- qemu, + trix)"
    ok=0
fi
if [ $ok = 0 ]; then
    echo "--- trix stderr:"
    head -20 "$out/trix.err"
    exit 1
fi
exit 0
