#!/usr/bin/env bash
# Cross-compile the user-mode test programs into the directory given as $1.
set -eu
dir=$(dirname "$0")
out=$1
mkdir -p "$out"
for src in "$dir"/*.c; do
    name=$(basename "$src" .c)
    riscv64-linux-gnu-gcc -O2 -static -o "$out/$name" "$src" -lpthread
done
riscv64-linux-gnu-gcc -O2 -o "$out/hello_dyn" "$dir/hello.c"
riscv64-linux-gnu-gcc -O2 -pthread -o "$out/threads_dyn" "$dir/threads.c"
