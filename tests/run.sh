#!/usr/bin/env bash
# Test runner for `make check`: sources every tests/*/tests.sh, runs each test with a timeout,
# prints PASS/FAIL/SKIP per test and "N passed, N failed, N skipped" last.
#
# A test whose command exits 77 is skipped (a missing tool or input), never passed. Tests named
# *-qemu only exercise QEMU (reference runs of the same command line or the same expected
# values): they are counted on their own line and a failing one is shown but does not fail the
# run, since it says the test or QEMU is wrong, not trix.
set -u
cd "$(dirname "$0")/.."
export TRIX_ROOT=$PWD
export TRIX=$PWD/build/trix
export TRIX_RISCV64=$PWD/build/trix-riscv64
export TEST_TMP=${TEST_TMP:-$(mktemp -d /tmp/trix-tests.XXXXXX)}
log=$TEST_TMP/log
mkdir -p "$log"
passed=0
failed=0
skipped=0
ref_ok=0
ref_failed=0
ref_skipped=0
failed_names=()
ref_failed_names=()
only=${TESTS:-}      # TESTS=pattern limits the run to matching test names

# t_skip_reason LOG: the line of a skipped test's log that says why (the last non-empty one).
t_skip_reason() {
    grep -v '^[[:space:]]*$' "$1" 2>/dev/null | tail -n 1
}

# t NAME TIMEOUT_SECONDS COMMAND...: one test; passes when COMMAND exits 0 in time, is skipped
# when it exits 77.
t() {
    local name=$1 secs=$2 rc=0 ref=no
    shift 2
    if [ -n "$only" ] && [[ "$name" != *$only* ]]; then return; fi
    [[ "$name" == *-qemu ]] && ref=yes
    local out="$log/${name//\//_}.log"
    timeout -k 5 "$secs" "$@" >"$out" 2>&1 || rc=$?
    if [ $rc -eq 0 ]; then
        if [ $ref = yes ]; then ref_ok=$((ref_ok + 1)); else passed=$((passed + 1)); fi
        echo "PASS $name"
    elif [ $rc -eq 77 ]; then
        if [ $ref = yes ]; then ref_skipped=$((ref_skipped + 1)); else skipped=$((skipped + 1)); fi
        echo "SKIP $name: $(t_skip_reason "$out")"
    else
        [ $rc -eq 124 ] && echo "timed out after ${secs}s" >>"$out"
        if [ $ref = yes ]; then
            ref_failed=$((ref_failed + 1))
            ref_failed_names+=("$name")
            echo "FAIL $name (exit $rc; QEMU reference check, not counted as a trix failure)"
        else
            failed=$((failed + 1))
            failed_names+=("$name")
            echo "FAIL $name (exit $rc)"
        fi
        tail -n 15 "$out" | sed 's/^/    /'
    fi
}

for f in tests/*/tests.sh tests/*/*/tests.sh tests/*/*/*/tests.sh; do
    [ -f "$f" ] || continue
    # shellcheck source=/dev/null
    . "$f"
done

if [ $failed -gt 0 ]; then
    echo "failed: ${failed_names[*]}"
fi
if [ $ref_failed -gt 0 ]; then
    echo "failed reference checks: ${ref_failed_names[*]}"
fi
echo "logs in $log"
echo "reference checks (QEMU): $ref_ok ok, $ref_failed failed, $ref_skipped skipped"
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
