#!/usr/bin/env bash
# Random raw AdvSIMD integer encodings (gen_simd_enc.py SEED N), including reserved/UNDEF
# ones, under trix-aarch64 and qemu-aarch64 -cpu cortex-a72: same UNDEF verdicts and the
# same V0..V31/FPSR state after each. Usage: enc_run.sh SEED [N [TRIX ARGS...]].
set -u
seed=$1 n=${2:-2000}
shift $(( $# < 2 ? $# : 2 ))
here=$(dirname "$0")
cc=${AARCH64_CC:-aarch64-linux-gnu-gcc}
command -v "$cc" >/dev/null && command -v qemu-aarch64 >/dev/null || { echo "no $cc/qemu-aarch64"; exit 77; }
work=$(mktemp -d "${TEST_TMP:-/tmp}/a64enc.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 "$here/gen_simd_enc.py" "$here/../../../../target/arm64/a64_simd_int.decode" "$seed" "$n" \
    >"$work/t.S" || exit 1
"$cc" -O1 -static -o "$work/t" "$here/simd_enc.c" "$work/t.S" || exit 1
qemu-aarch64 -cpu cortex-a72 "$work/t" >"$work/q" || { echo "qemu failed"; exit 1; }
"${TRIX_ROOT:-.}/build/trix-aarch64" "$@" "$work/t" >"$work/x" || { echo "trix failed"; exit 1; }
if ! cmp -s "$work/q" "$work/x"; then
    echo "seed $seed: first difference (qemu, trix):"
    diff "$work/q" "$work/x" | head -4
    exit 1
fi
echo "seed $seed: $(wc -l <"$work/q") encodings identical ($(grep -c UNDEF "$work/q") UNDEF)"
