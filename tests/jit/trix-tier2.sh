#!/usr/bin/env bash
# trix-riscv64 with tier 2 forced (every block executed twice becomes the head of a region):
# a drop-in for $TRIX_RISCV64 in the comparison scripts, like trix-interp.sh.
exec "$(dirname "$0")/../../build/trix-riscv64" -accel tcg,tier=2 "$@"
