#!/usr/bin/env bash
# check.sh EXIT IMAGE_OR_ELF PROGRAM ARGS...: run a bare-metal test guest, show its output, and
# pass when it exits with EXIT and (for EXIT 0) printed "RESULT PASS" and no FAIL line.
set -u
want=$1
shift
out=$("$@" 2>&1)
rc=$?
printf '%s\n' "$out"
if [ "$rc" != "$want" ]; then
    echo "check.sh: exit status $rc, want $want"
    exit 1
fi
if [ "$want" = 0 ]; then
    printf '%s\n' "$out" | grep -q '^RESULT PASS' || { echo "check.sh: no RESULT PASS"; exit 1; }
    if printf '%s\n' "$out" | grep -q 'FAIL'; then echo "check.sh: a check failed"; exit 1; fi
fi
exit 0
