#!/usr/bin/env bash
# fdguard.sh PROGRAM: the guest attacks every descriptor; trix's -D log must still get the
# -strace lines written after that, with no junk in it.
set -u
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$TRIX_RISCV64" -D "$log" -strace "$1" </dev/null
rc=$?
echo "exit $rc"; tail -n 3 "$log"
[ $rc -eq 0 ] || exit 1
grep -q 'exit_group' "$log" || { echo "log lost the lines after close_range"; exit 1; }
! grep -q '^junk' "$log" || { echo "guest wrote into the log"; exit 1; }
