#!/usr/bin/env bash
# Random A64 sequences (gen.py SEED NSEQ LEN) under trix-aarch64 and qemu-aarch64: the register
# dumps after every sequence must be identical. Usage: run.sh SEED [NSEQ LEN [TRIX ARGS...]].
# A64_RAND_GEN=gen_simd.py: AdvSIMD integer sequences, dumps of V0..V31 and FPSR (520 bytes).
# A64_RAND_MODE=simd (with gen.py): AdvSIMD permutes/crypto/structure sequences, V0..V31 in
# the dumps. A64RAND_FP=1: FP/AdvSIMD sequences (gen_fp.py ... fp), dumps with FPSR and
# V0..V31.
set -u -o pipefail
gen=${A64_RAND_GEN:-gen.py}
mode=${A64_RAND_MODE:-int}
[ -n "${A64RAND_FP:-}" ] && gen=gen_fp.py mode=fp
width=136
[ "$gen" = gen_simd.py ] && width=520
[ "$gen" = gen.py ] && [ "$mode" = simd ] && width=656
[ "$gen" = gen_fp.py ] && width=656
seed=$1 nseq=${2:-200} len=${3:-12}
shift $(( $# < 3 ? $# : 3 ))
cc=${AARCH64_CC:-aarch64-linux-gnu-gcc}
command -v "$cc" >/dev/null && command -v qemu-aarch64 >/dev/null || { echo "no $cc/qemu-aarch64"; exit 77; }
work=$(mktemp -d "${TEST_TMP:-/tmp}/a64rand.XXXXXX")
trap 'rm -rf "$work"' EXIT
if [ "$gen" = gen_simd.py ]; then
    python3 "$(dirname "$0")/$gen" "$seed" "$nseq" "$len" >"$work/t.S" || exit 1
else
    python3 "$(dirname "$0")/$gen" "$seed" "$nseq" "$len" "$mode" >"$work/t.S" || exit 1
fi
"$cc" -nostdlib -static -o "$work/t" "$work/t.S" || exit 1
qemu-aarch64 "$work/t" | od -v -An -tx8 -w$width >"$work/q" || { echo "qemu failed"; exit 1; }
"${TRIX_ROOT:-.}/build/trix-aarch64" "$@" "$work/t" | od -v -An -tx8 -w$width >"$work/x" ||
    { echo "trix failed"; exit 1; }
if ! cmp -s "$work/q" "$work/x"; then
    n=$(cmp "$work/q" "$work/x" | head -1)
    echo "seed $seed: dumps differ ($n); first differing dump (qemu, trix):"
    diff "$work/q" "$work/x" | head -4
    exit 1
fi
echo "seed $seed: $(wc -l <"$work/q") dumps identical"
