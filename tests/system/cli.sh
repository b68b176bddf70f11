#!/usr/bin/env bash
# cli.sh fail|ok PATTERN ARGS...: run trix-system-riscv64 ARGS (stdin from /dev/null unless
# $CLI_STDIN names a file) and check the exit status (fail: 1..127, ok: 0, or the number
# given as "exit=N") and that stdout+stderr contain PATTERN (fixed string; "" for any).
set -u
want=$1 pattern=$2
shift 2
out=$(mktemp "${TEST_TMP:-/tmp}/cli.XXXXXX")
trap 'rm -f "$out"' EXIT
"${TRIX_SYSTEM:-build/trix-system-riscv64}" "$@" <"${CLI_STDIN:-/dev/null}" >"$out" 2>&1
rc=$?
echo "command: trix-system-riscv64 $*"
echo "exit status: $rc"
sed 's/^/  | /' "$out" | head -n 20
case $want in
fail) [ $rc -ge 1 ] && [ $rc -lt 128 ] || { echo "FAIL: expected a clean failure"; exit 1; } ;;
ok) [ $rc -eq 0 ] || { echo "FAIL: expected exit 0"; exit 1; } ;;
exit=*) [ $rc -eq "${want#exit=}" ] || { echo "FAIL: expected exit ${want#exit=}"; exit 1; } ;;
esac
if grep -q -E 'Assertion|internal error|AddressSanitizer|runtime error:|Segmentation fault' "$out"; then
    echo "FAIL: internal failure reported"
    exit 1
fi
if [ -n "$pattern" ] && ! grep -q -F -- "$pattern" "$out"; then
    echo "FAIL: output does not contain: $pattern"
    exit 1
fi
exit 0
