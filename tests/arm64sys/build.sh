#!/usr/bin/env bash
# build.sh OUTDIR: the bare-metal AArch64 system tests as raw images for trix -M none
# (NAME.bin, RAM at 0x80000000) and for QEMU -M virt (NAME-qemu.bin, RAM at 0x40000000).
set -eu
out=$1
src=$(dirname "$0")
mkdir -p "$out"
cc=${AARCH64_CC:-aarch64-linux-gnu-gcc}
objcopy=${AARCH64_OBJCOPY:-aarch64-linux-gnu-objcopy}
flags="-O2 -nostdlib -ffreestanding -static -no-pie -mgeneral-regs-only -fno-stack-protector \
       -Wl,--build-id=none -Wl,--no-warn-rwx-segments -Wl,-T,$src/link.ld"
for t in exc mmu timer psci exitcode s2; do
    for v in trix qemu; do
        base=0x80000000 def=
        [ $v = qemu ] && base=0x40000000 def=-DRT_QEMU
        name=$t; [ $v = qemu ] && name=$t-qemu
        $cc $flags $def -Wl,--defsym=RAM_BASE=$base -o "$out/$name.elf" \
            "$src/start.S" "$src/rt.c" "$src/$t.c"
        $objcopy -O binary "$out/$name.elf" "$out/$name.bin"
    done
done
