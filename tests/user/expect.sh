#!/usr/bin/env bash
# Run a guest command under trix-riscv64; pass when the exit status and stdout match expectations
# (for behaviour qemu-riscv64 cannot show without binfmt_misc, such as execve of a guest program).
# usage: expect.sh STATUS EXPECTED_STDOUT_FILE PROGRAM [ARGS...]
set -u
want_rc=$1 want_out=$2
shift 2
got=$("$TRIX_RISCV64" "$@" </dev/null)
rc=$?
if [ "$rc" != "$want_rc" ] || [ "$got" != "$(cat "$want_out")" ]; then
    echo "exit status $rc (want $want_rc); stdout:"
    echo "$got"
    echo "--- wanted:"
    cat "$want_out"
    exit 1
fi
