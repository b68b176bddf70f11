#!/usr/bin/env bash
# qemu.sh BINDIR NAME QEMU-ARGS...: the reference run of test NAME's QEMU build under
# qemu-system-aarch64 -M virt (skipped when QEMU is not installed).
set -u
bin=$1 name=$2
shift 2
command -v qemu-system-aarch64 >/dev/null || { echo "qemu-system-aarch64 not installed"; exit 77; }
exec bash "$(dirname "$0")/check.sh" 0 qemu-system-aarch64 -M virt -nographic -net none \
    -monitor none -kernel "$bin/$name-qemu.elf" "$@"
