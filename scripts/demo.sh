#!/usr/bin/env bash
# `make demo`: install what is missing, build, run riscv64 programs under trix-riscv64, then
# boot riscv64 Linux to an interactive busybox shell under trix-system-riscv64.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
make -j"$(nproc)" all
out=build/demo
mkdir -p "$out"
riscv64-linux-gnu-gcc -static -O2 -o "$out/hello" tests/demo/hello.c
echo "== build/trix-riscv64 $out/hello one two"
build/trix-riscv64 "$out/hello" one two
riscv64-linux-gnu-gcc -O2 -o "$out/hello-dyn" tests/demo/hello.c
echo "== build/trix-riscv64 -L /usr/riscv64-linux-gnu $out/hello-dyn"
build/trix-riscv64 -L /usr/riscv64-linux-gnu "$out/hello-dyn"
echo "== riscv64 Linux under build/trix-system-riscv64 (type 'poweroff' or Ctrl-A x to leave)"
if [ -t 0 ]; then
    exec scripts/boot-linux.sh
else
    # Not a terminal (CI, a pipe): boot, run a command in the guest, power off.
    exec scripts/boot-linux.sh --cmd 'uname -a; cat /proc/cpuinfo | head -4'
fi
