#!/usr/bin/env bash
# Random A64 sequences (gen.py SEED NSEQ LEN) under trix-aarch64 and qemu-aarch64: the register
# dumps after every sequence must be identical. Usage: run.sh SEED [NSEQ LEN [TRIX ARGS...]].
# A64RAND_FP=1: FP/AdvSIMD sequences, dumps with FPSR and V0..V31 (gen.py ... fp).
set -u
seed=$1 nseq=${2:-200} len=${3:-12}
shift $(( $# < 3 ? $# : 3 ))
cc=${AARCH64_CC:-aarch64-linux-gnu-gcc}
command -v "$cc" >/dev/null && command -v qemu-aarch64 >/dev/null || { echo "no $cc/qemu-aarch64"; exit 77; }
work=$(mktemp -d "${TEST_TMP:-/tmp}/a64rand.XXXXXX")
trap 'rm -rf "$work"' EXIT
fp=${A64RAND_FP:+fp} width=136
[ -n "$fp" ] && width=656
python3 "$(dirname "$0")/gen.py" "$seed" "$nseq" "$len" $fp >"$work/t.S" || exit 1
"$cc" -nostdlib -static -o "$work/t" "$work/t.S" || exit 1
qemu-aarch64 "$work/t" | od -An -tx8 -w$width >"$work/q" || { echo "qemu failed"; exit 1; }
"${TRIX_ROOT:-.}/build/trix-aarch64" "$@" "$work/t" | od -An -tx8 -w$width >"$work/x" ||
    { echo "trix failed"; exit 1; }
if ! cmp -s "$work/q" "$work/x"; then
    n=$(cmp "$work/q" "$work/x" | head -1)
    echo "seed $seed: dumps differ ($n); first differing dump (qemu, trix):"
    diff "$work/q" "$work/x" | head -4
    exit 1
fi
echo "seed $seed: $(wc -l <"$work/q") dumps identical"
