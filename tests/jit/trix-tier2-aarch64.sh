#!/usr/bin/env bash
# trix-aarch64 with tier 2 forced: a drop-in for $TRIX_AARCH64 (tests/diff/compare.sh).
exec "$(dirname "$0")/../../build/trix-aarch64" -accel tcg,tier=2 "$@"
