# gdb stub: gdb-multiarch in batch mode against a bare-metal riscv64 guest.
t gdb/break-step-detach 90 bash tests/gdb/check.sh "$TEST_TMP/gdb"
t gdb/protocol-garbage-ctrl-c 90 bash tests/gdb/check.sh "$TEST_TMP/gdb-proto" proto
