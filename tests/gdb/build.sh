#!/bin/bash
# Build a bare-metal riscv64 test guest: build.sh SRC.S OUT.elf (linked at 0x80000000).
riscv64-linux-gnu-gcc -nostdlib -static -march=rv64g -mabi=lp64d -Wl,--build-id=none -Wl,-N \
    -Wl,--no-warn-rwx-segments -Wl,-Ttext=0x80000000 -o "$2" "$1"
