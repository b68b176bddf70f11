#!/usr/bin/env bash
# -strace (and QEMU_STRACE) print one "pid name(args) = result" line per syscall to stderr.
set -u
bin=$1
err=$("$TRIX_RISCV64" -strace "$bin" 2>&1 >/dev/null)
pat_write='^[0-9]+ write\(1,0x[0-9a-f]+,[0-9]+\) = [0-9]+$'
pat_exit='^[0-9]+ exit_group\(3\)$'
grep -Eq "$pat_write" <<<"$err" || { echo "no write line in:"; echo "$err"; exit 1; }
grep -Eq "$pat_exit" <<<"$err" || { echo "no exit_group line in:"; echo "$err"; exit 1; }
err=$(QEMU_STRACE=1 "$TRIX_RISCV64" "$bin" 2>&1 >/dev/null)
grep -Eq "$pat_exit" <<<"$err" || { echo "QEMU_STRACE ignored"; exit 1; }
out=$("$TRIX_RISCV64" -strace -D "$TEST_TMP/user-strace.log" "$bin" 2>/dev/null)
grep -Eq "$pat_write" "$TEST_TMP/user-strace.log" || { echo "-D log lacks strace"; exit 1; }
[ "$out" = "hello 1 $bin" ] || { echo "stdout wrong: $out"; exit 1; }
