#!/usr/bin/env bash
# guest.sh EMULATOR TIMEOUT [--status N] DRIVE-STEPS... -- ARGS...: one x86 guest run through
# tests/boot/drive.py. EMULATOR is "trix" (build/trix-system-x86_64) or "qemu"
# (qemu-system-x86_64, the reference run of the same command line). Exits 77 (skip) when the
# emulator is missing or trix's x86-64 system-mode CPU is not in this build yet.
set -u
root=${TRIX_ROOT:-$PWD}
emu=$1
secs=$2
shift 2
if [ "$emu" = qemu ]; then
    bin=qemu-system-x86_64
    command -v "$bin" >/dev/null || { echo "qemu-system-x86_64 not installed"; exit 77; }
else
    bin=$root/build/trix-system-x86_64
    [ -x "$bin" ] || { echo "no $bin (run make)"; exit 77; }
    if "$bin" -M microvm -nographic -nodefaults -kernel /dev/null 2>&1 </dev/null |
        grep -q "not available yet"; then
        echo "x86-64 system-mode CPU not in this build yet (target/x86_64, issue 14 items 1-2)"
        exit 77
    fi
fi
steps=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do steps+=("$1"); shift; done
shift
exec python3 "$root/tests/boot/drive.py" --timeout $((secs - 5)) "${steps[@]}" -- \
    "$bin" "$@"
