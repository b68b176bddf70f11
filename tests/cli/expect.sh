#!/bin/bash
# Usage: expect.sh RC REGEX CMD...: run CMD (stdin closed), check its exit status is RC and that
# its combined output matches the extended REGEX.
want=$1 re=$2
shift 2
out=$("$@" </dev/null 2>&1)
rc=$?
printf '%s\n' "$out" | head -40
if [ "$rc" != "$want" ]; then echo "FAIL: exit status $rc, expected $want"; exit 1; fi
if ! printf '%s\n' "$out" | grep -Eq -- "$re"; then echo "FAIL: output does not match /$re/"; exit 1; fi
echo "ok: exit $rc, output matches /$re/"
