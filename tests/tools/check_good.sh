#!/usr/bin/env bash
# Generates a decoder from good.decode, compiles it into harness.c with warnings as errors and
# runs it.
set -eu
out=build/tests/tools
mkdir -p "$out"
python3 tools/decodetree.py --decode decode_good --width 32 -o "$out/good.c.inc" \
    tests/tools/good.decode
gcc -std=gnu11 -Wall -Wextra -Werror -I"$out" -o "$out/harness" tests/tools/harness.c
"$out/harness"
