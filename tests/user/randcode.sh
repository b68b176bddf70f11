#!/usr/bin/env bash
# randcode.sh PROG FIRST LAST: run PROG SEED for each seed under trix-riscv64; each run must
# end with a clean exit or death by a guest signal (SIGILL, SIGTRAP, SIGBUS, SIGFPE, SIGSEGV,
# SIGALRM), and trix must never report an internal error.
set -u
prog=$1 first=$2 last=$3
bad=0
for seed in $(seq "$first" "$last"); do
    err=$( { "$TRIX_RISCV64" "$prog" "$seed" >/dev/null; } 2>&1 )
    rc=$?
    case $rc in
    0 | 132 | 133 | 135 | 136 | 139 | 142) ;;
    *) echo "seed $seed: unexpected exit status $rc"; bad=1 ;;
    esac
    if grep -q -E 'internal error|Assertion' <<<"$err"; then
        echo "seed $seed: $err"
        bad=1
    fi
done
exit $bad
