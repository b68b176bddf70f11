#!/bin/bash
# gdb-multiarch against user mode (trix-ARCH -g PORT): break on main of a -g -O0 static
# program, next, print a local, step into a function, print its argument, finish (the
# returned value), continue to the exit. user.sh OUT riscv64|aarch64
set -u
root=${TRIX_ROOT:-$PWD}
out=$1 arch=$2
mkdir -p "$out"
fail() { echo "FAIL: $*"; exit 1; }
case $arch in
riscv64) cc=riscv64-linux-gnu-gcc ;;
aarch64) cc=aarch64-linux-gnu-gcc ;;
*) fail "unknown arch $arch" ;;
esac
command -v gdb-multiarch >/dev/null || { echo "gdb-multiarch not installed"; exit 77; }
command -v $cc >/dev/null || { echo "$cc not installed"; exit 77; }
$cc -g -O0 -static -o "$out/prog" "$root/tests/gdb/user_prog.c" || fail "cannot build"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
timeout 60 "$root/build/trix-$arch" -g "$port" "$out/prog" >"$out/trix.log" 2>&1 &
pid=$!
# Wait until it listens (a probe connection would be taken for gdb's).
hexport=$(printf '%04X' "$port")
for _ in $(seq 50); do
    grep -q ":$hexport 00000000:0000 0A" /proc/net/tcp && break
    sleep 0.1
done
timeout 40 gdb-multiarch -batch -nx -ex "target remote :$port" -ex 'break main' -ex continue \
    -ex next -ex 'p local' -ex step -ex 'p x' -ex finish -ex 'info threads' -ex continue \
    "$out/prog" >"$out/gdb.log" 2>&1
grc=$?
wait $pid; trc=$?
cat "$out/gdb.log"
echo "--- trix exit $trc"; cat "$out/trix.log"
[ $grc -eq 0 ] || fail "gdb exited $grc"
grep -q 'Breakpoint 1, main () at' "$out/gdb.log" || fail "no stop at main"
grep -qE '^\$1 = 6$' "$out/gdb.log" || fail "local after next"
grep -q 'square (x=6) at' "$out/gdb.log" || fail "step into square"
grep -qE '^\$2 = 6$' "$out/gdb.log" || fail "argument x"
grep -q 'Value returned is \$3 = 36' "$out/gdb.log" || fail "finish"
grep -q 'exited normally' "$out/gdb.log" || fail "no exit report (W packet)"
grep -q 'square 36' "$out/trix.log" || fail "program output"
[ $trc -eq 0 ] || fail "trix exited $trc"
echo PASS
