#!/usr/bin/env bash
# Test runner for `make check`: sources every tests/*/tests.sh, runs each test with a timeout,
# prints PASS/FAIL per test and "N passed, N failed" last.
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
failed_names=()
only=${TESTS:-}      # TESTS=pattern limits the run to matching test names

# t NAME TIMEOUT_SECONDS COMMAND...: one test; passes when COMMAND exits 0 in time.
t() {
    local name=$1 secs=$2
    shift 2
    if [ -n "$only" ] && [[ "$name" != *$only* ]]; then return; fi
    local out="$log/${name//\//_}.log"
    if timeout -k 5 "$secs" "$@" >"$out" 2>&1; then
        passed=$((passed + 1))
        echo "PASS $name"
    else
        local rc=$?
        failed=$((failed + 1))
        failed_names+=("$name")
        [ $rc -eq 124 ] && echo "timed out after ${secs}s" >>"$out"
        echo "FAIL $name (exit $rc)"
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
echo "logs in $log"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
