#!/usr/bin/env bash
# Disassembler check: builds the rvdis driver from target/riscv64/disas*.c, builds a corpus
# (tests/disas/corpus/* with riscv64-linux-gnu-gcc, plus seeded random words and every 16-bit
# encoding) and compares every instruction with riscv64-linux-gnu-objdump (compare.py).
# Usage: run.sh [corpus|random|FILE...]   (FILE: any riscv64 ELF, e.g. a busybox binary)
set -eu
cd "$(dirname "$0")/../.."
out=build/tests/disas
mkdir -p "$out"
for tool in riscv64-linux-gnu-gcc riscv64-linux-gnu-objdump; do
    command -v $tool >/dev/null || { echo "SKIP: $tool not installed"; exit 77; }
done
gcc -std=gnu11 -O1 -Wall -Wextra -Werror -Iinclude -Itcg -I. -o "$out/rvdis" \
    tests/disas/rvdis.c target/riscv64/disas.c target/riscv64/disas_tables.c \
    target/riscv64/regnames.c
march=rv64gc_zba_zbb_zbc_zbs_zicbom_zicboz_zihintpause
what=${1:-corpus}
case "$what" in
corpus)
    objs=()
    for src in tests/disas/corpus/*.c tests/disas/corpus/*.S; do
        obj=$out/$(basename "$src").o
        riscv64-linux-gnu-gcc -O2 -march=$march -mabi=lp64d -c -o "$obj" "$src"
        objs+=("$obj")
    done
    exec python3 tests/disas/compare.py "$out/rvdis" "${objs[@]}" ;;
random)
    python3 tests/disas/gen_random.py "${2:-1}" "${3:-2000}" >"$out/random.s"
    riscv64-linux-gnu-as -march=$march -o "$out/random.o" "$out/random.s"
    riscv64-linux-gnu-strip "$out/random.o"     # no mapping symbols: every word is code
    exec python3 tests/disas/compare.py "$out/rvdis" "$out/random.o" ;;
*)
    exec python3 tests/disas/compare.py "$out/rvdis" "$@" ;;
esac
