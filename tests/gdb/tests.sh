# gdb stub: gdb-multiarch in batch mode against a bare-metal riscv64 guest.
t gdb/break-step-detach 90 bash tests/gdb/check.sh "$TEST_TMP/gdb"
t gdb/break-step-icount 90 env GDB_TEST_ARGS="-icount shift=0" \
    bash tests/gdb/check.sh "$TEST_TMP/gdb-icount"
t gdb/protocol-garbage-ctrl-c 90 bash tests/gdb/check.sh "$TEST_TMP/gdb-proto" proto
gdb_guest=$(bash tests/guests/get-riscv64.sh --no-initramfs 2>"$log/gdb-guest.log" | tail -n 1) ||
    gdb_guest=
t gdb/linux-start-kernel 150 bash tests/gdb/linux.sh "${gdb_guest:-/nonexistent}" "$TEST_TMP/gdb-linux"
# bare-metal guests for threads, watchpoints, the step mask, fuzzing and -gdb unix: (bare.sh)
for gt in threads watch swatch step-mask unix fuzz; do
    t gdb/bare-$gt 120 bash tests/gdb/bare.sh "$TEST_TMP/gdb-$gt" $gt
done
# the same under the interpreter tier
t gdb/break-step-interp 90 env GDB_TEST_ARGS="-accel tcg,tier=interp" \
    bash tests/gdb/check.sh "$TEST_TMP/gdb-interp"
for gt in threads watch step-mask; do
    t gdb/bare-$gt-interp 120 env GDB_TEST_ARGS="-accel tcg,tier=interp" \
        bash tests/gdb/bare.sh "$TEST_TMP/gdb-$gt-interp" $gt
done
t gdb/linux-start-kernel-interp 150 env GDB_TEST_ARGS="-accel tcg,tier=interp" \
    bash tests/gdb/linux.sh "${gdb_guest:-/nonexistent}" "$TEST_TMP/gdb-linux-interp"
# user mode: -g PORT
t gdb/user-riscv64 90 bash tests/gdb/user.sh "$TEST_TMP/gdb-user-rv" riscv64
t gdb/user-aarch64 90 bash tests/gdb/user.sh "$TEST_TMP/gdb-user-a64" aarch64
