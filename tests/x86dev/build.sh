#!/usr/bin/env bash
# Build the bare-metal device test (a Multiboot 1 ELF32 kernel) into $1 (default: build dir).
set -eu
out=${1:-$TEST_TMP/x86dev/devtest.elf}
mkdir -p "$(dirname "$out")"
src=$(dirname "$0")
gcc -m32 -march=i686 -ffreestanding -fno-pic -fno-stack-protector -fno-asynchronous-unwind-tables \
    -mno-sse -mgeneral-regs-only -O2 -Wall -nostdlib -static -no-pie \
    -Wl,-Ttext=0x100000 -Wl,--build-id=none -o "$out" "$src/boot.S" "$src/devtest.c"
