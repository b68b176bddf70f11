#!/bin/bash
# gdb-multiarch against trix-system-riscv64: breakpoint, continue, stepi, memory read, detach
# (with `proto` as $2: the raw-packet checks of proto_test.py instead).
set -u
root=${TRIX_ROOT:-$PWD}
sys=$root/build/trix-system-riscv64
out=$1
mkdir -p "$out"
fail() { echo "FAIL: $*"; exit 1; }
[ "${2:-}" = proto ] || command -v gdb-multiarch >/dev/null || { echo "gdb-multiarch not installed"; exit 77; }
command -v riscv64-linux-gnu-gcc >/dev/null || { echo "riscv64-linux-gnu-gcc not installed"; exit 77; }
riscv64-linux-gnu-gcc -nostdlib -static -march=rv64g -mabi=lp64d -Wl,--build-id=none -Wl,-N \
    -Wl,-Ttext=0x80000000 -o "$out/loop.elf" "$root/tests/gdb/loop.S" || fail "cannot build guest"
sym() { riscv64-linux-gnu-nm "$out/loop.elf" | awk -v s="$1" '$3 == s { print "0x" $1 }'; }
loop=$(sym loop); data=$(sym data)
[ -n "$loop" ] && [ -n "$data" ] || fail "no symbols in guest"
if [ "${2:-}" = proto ]; then
    exec timeout 60 python3 "$root/tests/gdb/proto_test.py" "$sys" "$out/loop.elf" "$loop"
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
timeout 60 "$sys" -M virt -bios none -nographic -kernel "$out/loop.elf" -S -gdb "tcp::$port" ${GDB_TEST_ARGS:-} \
    >"$out/trix.log" 2>&1 &
pid=$!
for _ in $(seq 50); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $port)).close()" 2>/dev/null && break
    sleep 0.1
done
timeout 30 gdb-multiarch -batch -nx -ex 'set architecture riscv:rv64' -ex "target remote :$port" \
    -ex "break *$loop" -ex continue -ex 'info registers pc' -ex stepi -ex 'info registers pc' \
    -ex "x/2wx $data" -ex 'info registers a0' -ex detach >"$out/gdb.log" 2>&1
grc=$?
wait $pid; trc=$?
cat "$out/gdb.log"
echo "--- trix exit $trc"; cat "$out/trix.log"
[ $grc -eq 0 ] || fail "gdb exited $grc"
pcs=$(grep -E '^pc ' "$out/gdb.log" | awk '{print $2}')
first=$(echo "$pcs" | sed -n 1p); second=$(echo "$pcs" | sed -n 2p)
[ "$((first))" -eq "$((loop))" ] || fail "pc at the breakpoint is $first, expected $loop"
[ "$((second))" -eq "$((loop + 4))" ] || fail "pc after stepi is $second, expected $loop + 4"
grep -qE '0x11223344[[:space:]]+0x55667788' "$out/gdb.log" || fail "memory read wrong"
grep -qE '^a0 +0x1\b' "$out/gdb.log" || fail "a0 after one iteration and a step is not 1"
[ $trc -eq 7 ] || fail "trix exited $trc, expected the guest's 7"
echo PASS
