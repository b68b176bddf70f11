#!/usr/bin/env bash
# `make demo`: install what is missing, build, and run riscv64 programs under trix-riscv64.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
make -j"$(nproc)" all
out=build/demo
mkdir -p "$out"
riscv64-linux-gnu-gcc -static -O2 -o "$out/hello" tests/demo/hello.c
echo "== build/trix-riscv64 $out/hello"
build/trix-riscv64 "$out/hello" one two
riscv64-linux-gnu-gcc -O2 -o "$out/hello-dyn" tests/demo/hello.c
echo "== build/trix-riscv64 -L /usr/riscv64-linux-gnu $out/hello-dyn"
build/trix-riscv64 -L /usr/riscv64-linux-gnu "$out/hello-dyn"
bb=../shared/guests/riscv64/busybox
if [ -x "$bb" ]; then
    echo "== busybox under trix-riscv64"
    build/trix-riscv64 "$bb" sh -c 'echo "busybox $(uname -m) shell: $((6 * 7))"; ls / | head -5'
fi
