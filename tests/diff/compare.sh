#!/usr/bin/env bash
# compare.sh [-L DIR] BIN [ARGS...]: run a guest program (DIFF_ARCH, default riscv64) under
# qemu-ARCH and under trix-ARCH with the same arguments, environment and empty stdin; succeed
# when stdout and the exit status are identical, otherwise show the difference.
set -u
opts=()
if [ "${1:-}" = -L ]; then
    opts=(-L "$2")
    shift 2
fi
bin=$1
shift
arch=${DIFF_ARCH:-riscv64}
if [ "$arch" = riscv64 ]; then
    trix=${TRIX_RISCV64:-build/trix-riscv64}
    qemu=${QEMU_RISCV64:-qemu-riscv64}
else
    trix_var=TRIX_${arch^^}         # TRIX_AARCH64, TRIX_X86_64: a wrapper (tests/jit)
    trix=${!trix_var:-build/trix-$arch}
    qemu=qemu-$arch
fi
work=$(mktemp -d "${TEST_TMP:-/tmp}/diff.XXXXXX")
trap 'rm -rf "$work"' EXIT

# A fixed, small environment so both runs see the same thing.
run() {
    env -i PATH=/usr/bin:/bin LANG=C TRIX_DIFF_A=1 "TRIX_DIFF_B=two words" \
        "$@" </dev/null
}

if ! command -v "$qemu" >/dev/null 2>&1; then
    echo "compare: $qemu not found (apt-get install qemu-user)"
    exit 1
fi
run "$qemu" "${opts[@]}" "$bin" "$@" >"$work/qemu.out" 2>"$work/qemu.err"
qrc=$?
run "$trix" "${opts[@]}" "$bin" "$@" >"$work/trix.out" 2>"$work/trix.err"
trc=$?

status=0
if [ $qrc -ne $trc ]; then
    echo "exit status differs: qemu $qrc, trix $trc"
    status=1
fi
if ! cmp -s "$work/qemu.out" "$work/trix.out"; then
    echo "stdout differs (- qemu, + trix):"
    diff -u "$work/qemu.out" "$work/trix.out" | head -n 60
    status=1
fi
if [ $status -ne 0 ]; then
    echo "--- trix stderr:"
    head -n 20 "$work/trix.err"
else
    echo "identical: $(wc -l <"$work/qemu.out") lines, exit status $qrc"
fi
exit $status
