#!/usr/bin/env bash
# `make bench`: times trix against QEMU 7.2 on the same work in one run and prints per-run
# times, the speed ratio qemu/trix (above 1 means trix is faster) and geometric means:
#  - user mode: trix-riscv64 vs qemu-riscv64 on CPU-bound riscv64 programs (outputs compared);
#  - system mode (tests/bench/system.sh): riscv64 Linux boot to the prompt, boot to poweroff,
#    and a CPU-bound program inside the booted guest, trix-system-riscv64 vs
#    qemu-system-riscv64;
#  - translation cost from TRIX_STATS=1 runs (tests/bench/stats.py).
#
# Each program runs once to capture its output (and to learn how long it takes), then is timed:
# best of 3 wall-clock runs, with hyperfine when it is installed; a program whose first run took
# longer than BENCH_SLOW seconds is timed by that run alone, to keep the whole bench short.
# Environment: BENCH=pattern (subset of the names), BENCH_SLOW (default 8), BENCH_TIMEOUT per
# run (default 150 s; a timeout is reported, not failed), BENCH_HYPERFINE=no, BENCH_SYSTEM=no
# (user mode only), BENCH_STATS=no, BENCH_GUEST_ARG (default 12), QEMU_RISCV64, TRIX_RISCV64,
# QEMU_SYSTEM_RISCV64, TRIX_SYSTEM_RISCV64.
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
    local first=$1 best t
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
    for _ in 1 2; do
        t=$(timed_run x "$out/timing.out" "$@") || true
        best=$(python3 -c "import sys; print('%.3f' % min(map(float, sys.argv[1:])))" "$best" "$t")
    done
    echo "$best"
}

# bench_build NAME SOURCE: the static riscv64 program $out/NAME, compiled when out of date.
bench_build() {
    local bin=$out/$1
    if [ ! -x "$bin" ] || [ "tests/bench/$2" -nt "$bin" ]; then
        if ! "$cc" -static -O2 -o "$bin" "tests/bench/$2" -lm; then
            echo "bench: compiling $2 failed" >&2
            status=1
            return 1
        fi
    fi
}

status=0
rows=()
uratios=()
sratios=()
a64ratios=()
x86ratios=()
# add_row user|sys NAME TRIX_S QEMU_S RATIO: a table row; RATIO "ratio" computes and records it.
add_row() {
    local ratio=$5
    if [ "$ratio" = ratio ]; then
        ratio=$(python3 -c "import sys; print('%.3f' % (float(sys.argv[1]) / max(float(sys.argv[2]), 1e-6)))" "$4" "$3")
        case $1 in
        user) uratios+=("$ratio") ;;
        a64) a64ratios+=("$ratio") ;;
        x86) x86ratios+=("$ratio") ;;
        *) sratios+=("$ratio") ;;
        esac
    fi
    rows+=("$(printf '%-15s %10s %10s %14s' "$2" "$3" "$4" "$ratio")")
}

# geomean WHAT RATIO...: prints the geometric mean line (nothing without ratios).
# trix_verdict KIND NAME RC ERRTAIL QOUT TOUT: report a trix timeout, failure or output that
# differs from qemu's (adding the row; a failure or difference sets status=1). Returns 0 when
# the run is good and should be timed.
trix_verdict() {
    local kind=$1 name=$2 rc=$3 errtail=$4 qout=$5 tout=$6
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        echo "bench: $name: trix took longer than ${limit}s; not timed" >&2
        add_row "$kind" "$name" ">$limit" "-" "timeout"
        return 1
    fi
    if [ "$rc" -ne 0 ]; then
        echo "bench: $name failed under trix (exit $rc):" >&2
        tail -n 10 "$errtail" >&2
        add_row "$kind" "$name" "FAIL" "-" "-"
        status=1
        return 1
    fi
    if ! cmp -s "$qout" "$tout"; then
        echo "bench: $name: trix output differs from qemu (- qemu, + trix):" >&2
        diff -u "$qout" "$tout" | head -n 20 >&2
        add_row "$kind" "$name" "WRONG" "-" "-"
        status=1
        return 1
    fi
}

geomean() {
    local what=$1
    shift
    [ $# -gt 0 ] || return 0
    python3 -c "
import math, sys
r = [float(x) for x in sys.argv[2:] if x]      # a guest whose rows BENCH left out: none
if r: print('geometric mean speed(qemu/trix): %.3f over %d %s' % (math.exp(sum(map(math.log, r)) / len(r)), len(r), sys.argv[1]))
" "$what" "$@"
}

start=$(now)
# bench_user KIND: the user-mode programs of $benches under $trix vs $qemu (built with $cc
# into $out); rows are recorded as KIND (user: riscv64, a64: aarch64).
bench_user() {
local kind=$1 b name src arg bin qfirst qrc tfirst qs ts
for b in "${benches[@]}"; do
    IFS=: read -r name src arg <<<"$b"
    if [ -n "${BENCH:-}" ] && [[ $name != *$BENCH* ]]; then continue; fi
    bin=$out/$name
    bench_build "$name" "$src" || continue
    echo "== $name: $bin $arg" >&2
    qfirst=$(timed_run q "$out/$name.qemu.out" "$qemu" "$bin" "$arg")
    qrc=$?
    if [ $qrc -ne 0 ]; then
        echo "bench: $name failed under $qemu (exit $qrc)" >&2
        status=1
        continue
    fi
    tfirst=$(timed_run t "$out/$name.trix.out" "$trix" "$bin" "$arg")
    trix_verdict user "$name" $? "$out/$name.trix.out.err" "$out/$name.qemu.out" \
        "$out/$name.trix.out" || continue
    qs=$(best_time "$qfirst" "$qemu" "$bin" "$arg")
    ts=$(best_time "$tfirst" "$trix" "$bin" "$arg")
    add_row "$kind" "$name" "$ts" "$qs" ratio
done
}
bench_user user

# bench_guest KIND ARCH CC NAME:SRC:ARG...: the same kind of user-mode programs for another
# guest (built with CC) under trix-ARCH vs qemu-ARCH. It runs in a subshell so that the
# riscv64 settings ($trix, $out, ...) stay; its rows join the table and its ratios go to the
# KIND list (a64ratios, x86ratios).
bench_guest() {
    local kind=$1 arch=$2 gcc=$3 dir=build/bench/$2 list=${1}ratios grows
    shift 3
    (
        trix=$PWD/build/trix-$arch qemu=qemu-$arch cc=$gcc out=$dir benches=("$@")
        mkdir -p "$out"
        rows=() uratios=() a64ratios=() x86ratios=()
        bench_user "$kind"
        local -n kratios=$list
        printf '%s\n' "${rows[@]}" >"$out/rows.txt"
        printf '%s\n' ${kratios[@]+"${kratios[@]}"} >"$out/ratios.txt"
        exit $status
    ) || status=1
    mapfile -t grows <"$dir/rows.txt"
    mapfile -t "$list" <"$dir/ratios.txt"
    rows+=("${grows[@]}")
}

# arm64 user mode (BENCH=aarch64 BENCH_SYSTEM=no: only these): the same CPU-bound programs.
if command -v aarch64-linux-gnu-gcc >/dev/null && command -v qemu-aarch64 >/dev/null &&
   [ "${BENCH_AARCH64:-yes}" != no ]; then
    bench_guest a64 aarch64 aarch64-linux-gnu-gcc aarch64-int:int.c:12 aarch64-mem:mem.c:1 \
        aarch64-fp:fp.c:2 aarch64-vm:vm.c:2
fi

# x86-64 user mode (issue 13, work in progress): the same programs for the host's own
# architecture, under trix-x86_64 vs qemu-x86_64.
if command -v qemu-x86_64 >/dev/null && [ "${BENCH_X86_64:-yes}" != no ]; then
    bench_guest x86 x86_64 gcc x86_64-int:int.c:12 x86_64-mem:mem.c:1 x86_64-fp:fp.c:1 \
        x86_64-vm:vm.c:1
fi

source tests/bench/system.sh
source tests/bench/blk.sh
[ "${BENCH_SYSTEM:-yes}" != no ] && { bench_system; bench_blk; }
rm -f "$out/stats.txt"
if [ "${BENCH_STATS:-yes}" != no ] && { [ -z "${BENCH:-}" ] || [[ stats == *$BENCH* ]]; }; then
    echo "== translation cost: TRIX_STATS=1 runs" >&2
    bench_stats >"$out/stats.txt"
fi

echo
printf '%-15s %10s %10s %14s\n' name trix_s qemu_s "speed(qemu/trix)"
for r in "${rows[@]}"; do
    echo "$r"
done
geomean "user-mode programs" ${uratios[@]+"${uratios[@]}"}
geomean "aarch64 user-mode programs" ${a64ratios[@]+"${a64ratios[@]}"}
geomean "x86-64 user-mode programs" ${x86ratios[@]+"${x86ratios[@]}"}
geomean "system-mode runs" ${sratios[@]+"${sratios[@]}"}
[ ${#uratios[@]} -gt 0 ] && [ ${#sratios[@]} -gt 0 ] &&
    geomean "runs in all" "${uratios[@]}" "${sratios[@]}"
[ -s "$out/blk.txt" ] && { echo; cat "$out/blk.txt"; }
[ -s "$out/stats.txt" ] && { echo; cat "$out/stats.txt"; }
# TCP through slirp (tests/bench/net.py): trix vs qemu-system-riscv64, MiB/s and ratio.
if [ "${BENCH_NET:-yes}" != no ] && { [ -z "${BENCH:-}" ] || [[ net == *$BENCH* ]]; }; then
    bash tests/bench/net.sh "$out" || status=1
fi
echo "timing: user mode $([ $use_hyperfine = yes ] && echo hyperfine || echo wall clock), system mode console timestamps; best of 3 (single run above ${slow}s); bench took $(sub "$(now)" "$start")s"
exit $status
