#!/usr/bin/env bash
# `make bench`: times trix-riscv64 against qemu-riscv64 on the same CPU-bound riscv64 programs
# in one run, checks that their outputs are identical, and prints per-program times, the
# speed ratio qemu/trix (above 1 means trix is faster) and the geometric mean of the ratios.
#
# Each program runs once to capture its output (and to learn how long it takes), then is timed:
# best of 3 wall-clock runs, with hyperfine when it is installed; a program whose first run took
# longer than BENCH_SLOW seconds is timed by that run alone, to keep the whole bench short.
# Environment: BENCH=pattern (subset), BENCH_SLOW (default 8), BENCH_TIMEOUT per run
# (default 150 s; a timeout is reported, not failed), BENCH_HYPERFINE=no, QEMU_RISCV64,
# TRIX_RISCV64.
# Exits non-zero when trix fails or its output differs; slowness never fails.
set -u
cd "$(dirname "$0")/../.." || exit 1
trix=${TRIX_RISCV64:-$PWD/build/trix-riscv64}
qemu=${QEMU_RISCV64:-qemu-riscv64}
cc=${RISCV64_CC:-riscv64-linux-gnu-gcc}
slow=${BENCH_SLOW:-8}
limit=${BENCH_TIMEOUT:-150}
out=build/bench
mkdir -p "$out"

# name:source:argument (the argument scales the work so qemu-riscv64 takes about a second)
benches=(int:int.c:12 mem:mem.c:1 fp:fp.c:2 vm:vm.c:2)

for tool in "$cc" "$qemu" python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "bench: $tool not found; run scripts/install-deps.sh" >&2
        exit 1
    fi
done
if [ ! -x "$trix" ]; then
    echo "bench: $trix not found; run make first" >&2
    exit 1
fi
use_hyperfine=no
[ "${BENCH_HYPERFINE:-yes}" != no ] && command -v hyperfine >/dev/null 2>&1 && use_hyperfine=yes

now() { echo "${EPOCHREALTIME/,/.}"; }
sub() { python3 -c "import sys; print('%.3f' % (float(sys.argv[1]) - float(sys.argv[2])))" "$1" "$2"; }

# timed_run LABEL OUTFILE CMD...: run once, capture stdout; prints seconds, returns the status.
timed_run() {
    local outf=$2 t0 t1 rc
    shift 2
    t0=$(now)
    timeout -k 5 "$limit" "$@" >"$outf" 2>"$outf.err"
    rc=$?
    t1=$(now)
    sub "$t1" "$t0"
    return $rc
}

# best_time FIRST_SECONDS CMD...: best of 3 (hyperfine or our own loop), or FIRST when slow.
best_time() {
    local first=$1 best t i
    shift
    if python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) > float(sys.argv[2]) else 1)" "$first" "$slow"; then
        echo "$first"
        return
    fi
    if [ $use_hyperfine = yes ]; then
        local json="$out/hyperfine.json" cmd
        cmd=$(printf '%q ' "$@")
        if hyperfine -N --runs 3 --export-json "$json" "$cmd" >/dev/null 2>&1; then
            python3 -c "import json,sys; print('%.3f' % json.load(open(sys.argv[1]))['results'][0]['min'])" "$json"
            return
        fi
    fi
    best=$first
    for i in 1 2; do
        t=$(timed_run x "$out/timing.out" "$@") || true
        best=$(python3 -c "import sys; print('%.3f' % min(map(float, sys.argv[1:])))" "$best" "$t")
    done
    echo "$best"
}

status=0
rows=()
ratios=()
start=$(now)
for b in "${benches[@]}"; do
    IFS=: read -r name src arg <<<"$b"
    if [ -n "${BENCH:-}" ] && [[ $name != *$BENCH* ]]; then continue; fi
    bin=$out/$name
    if [ ! -x "$bin" ] || [ "tests/bench/$src" -nt "$bin" ]; then
        if ! "$cc" -static -O2 -o "$bin" "tests/bench/$src" -lm; then
            echo "bench: compiling $src failed" >&2
            status=1
            continue
        fi
    fi
    echo "== $name: $bin $arg" >&2
    qfirst=$(timed_run q "$out/$name.qemu.out" "$qemu" "$bin" "$arg")
    qrc=$?
    if [ $qrc -ne 0 ]; then
        echo "bench: $name failed under $qemu (exit $qrc)" >&2
        status=1
        continue
    fi
    tfirst=$(timed_run t "$out/$name.trix.out" "$trix" "$bin" "$arg")
    trc=$?
    if [ $trc -eq 124 ] || [ $trc -eq 137 ]; then
        echo "bench: $name: trix took longer than ${limit}s; not timed" >&2
        rows+=("$(printf '%-8s %10s %10s %14s' "$name" ">$limit" "-" "timeout")")
        continue
    fi
    if [ $trc -ne 0 ]; then
        echo "bench: $name failed under trix (exit $trc):" >&2
        head -n 10 "$out/$name.trix.out.err" >&2
        rows+=("$(printf '%-8s %10s %10s %14s' "$name" "FAIL" "-" "-")")
        status=1
        continue
    fi
    if ! cmp -s "$out/$name.qemu.out" "$out/$name.trix.out"; then
        echo "bench: $name: trix output differs from qemu (- qemu, + trix):" >&2
        diff -u "$out/$name.qemu.out" "$out/$name.trix.out" | head -n 20 >&2
        rows+=("$(printf '%-8s %10s %10s %14s' "$name" "WRONG" "-" "-")")
        status=1
        continue
    fi
    qs=$(best_time "$qfirst" "$qemu" "$bin" "$arg")
    ts=$(best_time "$tfirst" "$trix" "$bin" "$arg")
    ratio=$(python3 -c "import sys; print('%.3f' % (float(sys.argv[1]) / max(float(sys.argv[2]), 1e-6)))" "$qs" "$ts")
    ratios+=("$ratio")
    rows+=("$(printf '%-8s %10s %10s %14s' "$name" "$ts" "$qs" "$ratio")")
done

echo
printf '%-8s %10s %10s %14s\n' name trix_s qemu_s "speed(qemu/trix)"
for r in "${rows[@]}"; do
    echo "$r"
done
if [ ${#ratios[@]} -gt 0 ]; then
    python3 -c "
import math, sys
r = [float(x) for x in sys.argv[1:]]
print('geometric mean speed(qemu/trix): %.3f over %d programs' % (math.exp(sum(map(math.log, r)) / len(r)), len(r)))
" "${ratios[@]}"
fi
echo "timing: $([ $use_hyperfine = yes ] && echo hyperfine || echo wall clock), best of 3 (single run above ${slow}s); bench took $(sub "$(now)" "$start")s"
exit $status
