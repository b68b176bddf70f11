#!/usr/bin/env bash
# trix-riscv64 with the JIT tier forced on: a drop-in for $TRIX_RISCV64 in the comparison
# scripts (which clear the environment, so TRIX_JIT=1 would not reach trix).
exec "${TRIX_JIT_BASE:-$(dirname "$0")/../../build/trix-riscv64}" -accel tcg,tier=jit "$@"
