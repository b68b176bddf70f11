#!/bin/bash
# gdb tests on small bare-metal riscv64 guests (tests/gdb/*.S): bare.sh OUT TEST, TEST one of
#   threads     -smp 2: two threads, break in hart 1's loop, switch thread, pc and mhartid
#   watch       Z2/Z3/Z4 watchpoints and Z1/Z0 breakpoints hit ITERS times each (watch.gdb)
#   swatch      gdb's software watchpoint hit ITERS times (swatch.gdb)
#   step-mask   a single step is not hijacked by a pending timer (step_mask_test.py)
#   fuzz        random and broken packets, then the stub answers, Ctrl-C stops both harts of
#               a running -smp 2 guest and they ran (fuzz_test.py)
#   unix        -gdb unix:PATH,server,wait=off, monitor commands and X through gdb
# GDB_TEST_ARGS adds trix options (e.g. -accel tcg,tier=interp).
set -u
root=${TRIX_ROOT:-$PWD}
sys=$root/build/trix-system-riscv64
out=$1 test=$2
mkdir -p "$out"
fail() { echo "FAIL: $*"; exit 1; }
case $test in step-mask|fuzz) ;; *)
    command -v gdb-multiarch >/dev/null || { echo "gdb-multiarch not installed"; exit 77; } ;;
esac
command -v riscv64-linux-gnu-gcc >/dev/null || { echo "riscv64-linux-gnu-gcc not installed"; exit 77; }
guest() {
    bash "$root/tests/gdb/build.sh" "$root/tests/gdb/$1.S" "$out/$1.elf" || fail "cannot build $1.S"
    elf=$out/$1.elf
}
sym() { riscv64-linux-gnu-nm "$elf" | awk -v s="$1" '$3 == s { print "0x" $1 }'; }
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# start_trix ELF GDB-DEV [trix args]: trix in the background, $pid; waits for the socket.
start_trix() {
    local dev=$1; shift
    timeout 90 "$sys" -M virt -bios none -nographic -kernel "$elf" -S -gdb "$dev" \
        ${GDB_TEST_ARGS:-} "$@" >"$out/trix.log" 2>&1 &
    pid=$!
    sleep 0.2
}
wait_tcp() {
    for _ in $(seq 50); do
        python3 -c "import socket; socket.create_connection(('127.0.0.1', $1)).close()" \
            2>/dev/null && return
        sleep 0.1
    done
}
run_gdb() {     # run_gdb TARGET-ARG gdb-args...: gdb's output in $out/gdb.log, status $grc
    local target=$1; shift
    timeout 60 gdb-multiarch -batch -nx -ex "target remote $target" "$@" "$elf" \
        >"$out/gdb.log" 2>&1
    grc=$?
    cat "$out/gdb.log"
}
finish() {      # finish EXPECTED-EXIT: trix's exit code
    wait $pid; local trc=$?
    echo "--- trix exit $trc"; cat "$out/trix.log"
    [ $grc -eq 0 ] || fail "gdb exited $grc"
    [ $trc -eq "$1" ] || fail "trix exited $trc, expected $1"
}
hits() {        # hits N: every breakpoint/watchpoint in `info breakpoints` but done hit N times
    local n
    n=$(grep -c "breakpoint already hit $1 times" "$out/gdb.log")
    echo "$n"
}

case $test in
threads)
    guest smp; port=$(free_port)
    loop1=$(sym loop1)
    start_trix "tcp::$port" -smp 2; wait_tcp "$port"
    run_gdb ":$port" -ex 'info threads' -ex "break *$loop1" -ex continue -ex 'info threads' \
        -ex 'thread 1' -ex 'p/x $pc' -ex 'p $mhartid' -ex 'thread 2' -ex 'p/x $pc' \
        -ex 'p $mhartid' -ex 'stepi' -ex 'p/x $pc' -ex kill
    finish 0
    [ "$(grep -c 'Thread [12] (hart [01])' "$out/gdb.log")" -ge 4 ] || fail "not two threads listed twice"
    grep -q 'Thread 2 hit Breakpoint 1' "$out/gdb.log" || fail "hart 1's breakpoint not in thread 2"
    grep -qE '^\$2 = 0$' "$out/gdb.log" || fail "thread 1 is not hart 0 (mhartid)"
    grep -qE '^\$4 = 1$' "$out/gdb.log" || fail "thread 2 is not hart 1 (mhartid)"
    grep -qE "^\\\$3 = $(printf '0x%x' $((loop1)))\$" "$out/gdb.log" || fail "thread 2's pc is not loop1"
    grep -qE "^\\\$5 = $(printf '0x%x' $((loop1 + 4)))\$" "$out/gdb.log" || fail "stepi in thread 2"
    ;;
watch|swatch)
    guest watch; port=$(free_port)
    start_trix "tcp::$port"; wait_tcp "$port"
    run_gdb ":$port" -x "$root/tests/gdb/$test.gdb"
    finish 7
    n=$(hits 5); expect=5; [ $test = swatch ] && expect=1
    [ "$n" -eq $expect ] || fail "$n of $expect breakpoints/watchpoints were hit 5 times"
    grep -q "already hit 1 time" "$out/gdb.log" || fail "done not reached once"
    if [ $test = watch ]; then
        grep -q 'Hardware read watchpoint 2' "$out/gdb.log" || fail "no read watchpoint report"
        grep -q 'Hardware access (read/write) watchpoint 3' "$out/gdb.log" || fail "no access watchpoint report"
        grep -qE '^\$1 = 5$' "$out/gdb.log" || fail "counter is not 5 at done"
    fi
    ! grep -qiE 'error|cannot' "$out/gdb.log" || fail "gdb reported an error"
    ;;
step-mask)
    guest timer
    cd "$root/tests/gdb" && exec timeout 60 python3 step_mask_test.py "$sys" "$elf" "$(sym loop)" \
        "$(sym ticks)"
    ;;
fuzz)
    guest smp
    cd "$root/tests/gdb" && exec timeout 100 python3 fuzz_test.py "$sys" "$elf"
    ;;
unix)
    guest loop
    sock=$out/gdb.sock
    data=$(sym data)
    start_trix "unix:$sock,server,wait=off"
    for _ in $(seq 50); do [ -S "$sock" ] && break; sleep 0.1; done
    run_gdb "$sock" -ex 'set architecture riscv:rv64' -ex 'monitor info status' \
        -ex 'monitor xp /2wx 0x80000000' -ex 'monitor info registers' \
        -ex "set {int}$data = 0x0badf00d" -ex "x/1wx $data" -ex 'set $a1 = 3' -ex 'p $a1' \
        -ex 'detach'
    finish 7
    grep -qE 'VM status: (debug|prelaunch)' "$out/gdb.log" || fail "monitor info status"
    grep -qE '^0+80000000: 0x[0-9a-f]{8} 0x[0-9a-f]{8}' "$out/gdb.log" || fail "monitor xp"
    grep -qiE '(pc|mstatus)' "$out/gdb.log" || fail "monitor info registers"
    grep -q '0x0badf00d' "$out/gdb.log" || fail "memory write through gdb (X/M)"
    grep -qE '^\$1 = 3$' "$out/gdb.log" || fail "register write through gdb"
    ;;
*) fail "unknown test $test" ;;
esac
echo PASS
