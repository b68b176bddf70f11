#!/usr/bin/env bash
# expect-error.sh CMD...: CMD must fail cleanly: exit status 1..127 (not killed by a signal,
# not 0), a first stderr line starting with "trix-<mode>:" or "trix:", and no sign of an
# internal failure (assertion, sanitizer report) anywhere on stderr.
set -u
err=$(mktemp "${TEST_TMP:-/tmp}/bad.XXXXXX")
trap 'rm -f "$err"' EXIT
"$@" </dev/null >/dev/null 2>"$err"
rc=$?
echo "command: $*"
echo "exit status: $rc"
echo "stderr:"
head -n 10 "$err" | sed 's/^/  | /'
first=$(grep -m1 -v '^[[:space:]]*$' "$err")
ok=1
if [ $rc -eq 0 ]; then
    echo "FAIL: exited 0 on bad input"
    ok=0
elif [ $rc -ge 128 ]; then
    echo "FAIL: exit status $rc means a crash (signal $((rc - 128))) or a timeout"
    ok=0
fi
case "$first" in
trix-riscv64:* | trix-aarch64:* | trix:*) ;;
*)
    echo "FAIL: stderr does not start with 'trix-riscv64:', 'trix-aarch64:' or 'trix:'"
    ok=0
    ;;
esac
if grep -q -E 'Assertion|internal error|AddressSanitizer|runtime error:|LeakSanitizer|Segmentation fault|core dumped' "$err"; then
    echo "FAIL: stderr shows an internal failure"
    ok=0
fi
[ $ok -eq 1 ]
