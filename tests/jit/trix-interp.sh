#!/usr/bin/env bash
# trix-riscv64 with the interpreter tier forced: a drop-in for $TRIX_RISCV64 in the comparison
# scripts (which clear the environment, so TRIX_JIT=0 would not reach trix).
exec "${TRIX_INTERP_BASE:-$(dirname "$0")/../../build/trix-riscv64}" -accel tcg,tier=interp "$@"
