#!/bin/bash
# gdb-multiarch against the riscv64 Linux guest: break start_kernel (a virtual address under
# the kernel's MMU), continue, pc and a backtrace frame, stepi over a compressed insn, a
# register and a stack word written and read back, satp (a CSR), kill.
set -u
kernel_dir=$1 out=$2
sys=${TRIX_ROOT:-$PWD}/build/trix-system-riscv64
fail() { echo "FAIL: $*"; exit 1; }
command -v gdb-multiarch >/dev/null || { echo "gdb-multiarch not installed"; exit 77; }
[ -f "$kernel_dir/Image" ] && [ -f "$kernel_dir/vmlinux" ] || { echo "no riscv64 guest"; exit 77; }
mkdir -p "$out"
sk=$(riscv64-linux-gnu-nm "$kernel_dir/vmlinux" 2>/dev/null | awk '$3 == "start_kernel" { print "0x" $1 }')
[ -n "$sk" ] || { echo "no start_kernel in vmlinux (or no riscv64 nm)"; exit 77; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
timeout 120 "$sys" -M virt -m 256M -nographic -kernel "$kernel_dir/Image" -append console=ttyS0 \
    -S -gdb "tcp::$port" ${GDB_TEST_ARGS:-} >"$out/trix.log" 2>&1 &
pid=$!
for _ in $(seq 50); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $port)).close()" 2>/dev/null && break
    sleep 0.1
done
timeout 100 gdb-multiarch -batch -nx -ex "target remote :$port" -ex 'break start_kernel' \
    -ex continue -ex 'info registers pc' -ex 'bt 2' -ex stepi -ex 'info registers pc' \
    -ex 'x/i $pc' -ex 'set $t0 = 0x1234' -ex 'p/x $t0' -ex 'set {long}($sp - 64) = 0x1122334455667788' \
    -ex 'x/gx $sp - 64' -ex 'p/x $satp' -ex 'info threads' -ex kill "$kernel_dir/vmlinux" \
    >"$out/gdb.log" 2>&1
grc=$?
wait $pid; trc=$?
cat "$out/gdb.log"
echo "--- trix exit $trc"
[ $grc -eq 0 ] || fail "gdb exited $grc"
pcs=$(grep -E '^pc ' "$out/gdb.log" | awk '{print $2}')
first=$(echo "$pcs" | sed -n 1p); second=$(echo "$pcs" | sed -n 2p)
[ "$((first))" -eq "$((sk))" ] || fail "pc at the breakpoint is $first, expected $sk"
[ "$((second))" -eq "$((sk + 2))" ] || fail "pc after stepi is $second, expected start_kernel+2"
grep -q '_start_kernel' "$out/gdb.log" || fail "no _start_kernel frame in the backtrace"
grep -q '<start_kernel+2>:' "$out/gdb.log" || fail "x/i at the pc did not disassemble"
grep -qE '^\$1 = 0x1234$' "$out/gdb.log" || fail "register write and read"
grep -qE ':[[:space:]]+0x1122334455667788$' "$out/gdb.log" || fail "memory write and read (on the stack)"
grep -qE '^\$2 = 0x[89a][0-9a-f]{15}$' "$out/gdb.log" || fail "satp: paging (Sv39/48/57) is not on at start_kernel"
[ $trc -eq 0 ] || fail "trix exited $trc after kill, expected 0"
echo PASS
