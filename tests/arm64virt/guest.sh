#!/usr/bin/env bash
# guest.sh EMULATOR TIMEOUT DRIVE-STEPS... -- ARGS...: one arm virt guest run through
# tests/boot/drive.py. EMULATOR is "trix" (build/trix-system-aarch64) or "qemu"
# (qemu-system-aarch64, the reference run). Exits 77 (skip) when the emulator is missing, or
# when trix's aarch64 system-mode CPU is not in this build yet.
set -u
root=${TRIX_ROOT:-$PWD}
emu=$1
secs=$2
shift 2
if [ "$emu" = qemu ]; then
    bin=qemu-system-aarch64
    command -v "$bin" >/dev/null || { echo "qemu-system-aarch64 not installed"; exit 77; }
    extra=(-cpu cortex-a57 -nic none)
else
    bin=$root/build/trix-system-aarch64
    extra=()
    # the CPU side (target/arm64 system mode) may not be there yet
    if "$bin" -M virt -nographic -nodefaults -kernel /dev/null 2>&1 </dev/null |
        grep -q "not available yet"; then
        echo "aarch64 system-mode CPU not in this build yet (target/arm64, issue 12 items 1-2)"
        exit 77
    fi
fi
steps=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do steps+=("$1"); shift; done
shift
exec python3 "$root/tests/boot/drive.py" --timeout $((secs - 5)) "${steps[@]}" -- \
    "$bin" "${extra[@]}" "$@"
