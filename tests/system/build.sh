#!/usr/bin/env bash
# build.sh OUTDIR: assemble the bare-metal test guests into raw images (OUTDIR/NAME.bin).
set -eu
out=$1
mkdir -p "$out"
cc=${RISCV64_CC:-riscv64-linux-gnu-gcc}
objcopy=${RISCV64_OBJCOPY:-riscv64-linux-gnu-objcopy}
for s in hello spin; do
    "$cc" -nostdlib -static -no-pie -march=rv64gc -mabi=lp64d -Wl,-Ttext=0x80000000 \
        -Wl,--build-id=none -o "$out/$s.elf" "tests/system/$s.S"
    "$objcopy" -O binary -j .text "$out/$s.elf" "$out/$s.bin"
done
