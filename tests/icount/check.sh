#!/usr/bin/env bash
# -icount, -rtc, timer exactness and -d checks: check.sh CASE OUTDIR [GUESTDIR] (tests.sh).
set -u
case_=$1
out=$2
guest=${3:-}
sys=${TRIX_ROOT:-$PWD}/build/trix-system-riscv64
src=$(dirname "$0")
mkdir -p "$out"

fail() { echo "FAIL: $*" >&2; exit 1; }

# The Linux guest with a command (form-URL-encoded for trix.cmd) and a pinned RTC.
linux() {   # linux LOG CMD EMULATOR-ARGS...: console to LOG, stats (stderr) to LOG.err
    local log=$1 cmd=$2
    shift 2
    [ -f "$guest/Image" ] && [ -f "$guest/initramfs.cpio.gz" ] || fail "no riscv64 guest in '$guest'"
    local t0 t1
    t0=$(date +%s%N)
    TRIX_STATS=1 "$sys" -M virt -m 256M -nographic -bios default -kernel "$guest/Image" \
        -initrd "$guest/initramfs.cpio.gz" -append "console=ttyS0 trix.cmd=$cmd" "$@" \
        </dev/null >"$log" 2>"$log.err"
    local rc=$?
    t1=$(date +%s%N)
    echo "$(basename "$log"): exit $rc in $(( (t1 - t0) / 1000000 )) ms:" \
        "$(grep '^trix-icount:' "$log.err")"
    [ $rc -eq 0 ] || { tail -n 20 "$log" "$log.err"; fail "guest run failed: $*"; }
    grep -q 'trix.cmd exit status 0' "$log" || fail "the guest command did not finish ($log)"
}

# What the guest prints depends on nothing but the instructions it ran: uptime, the RTC, and
# the kernel's random pool (seeded from the time CSR alone).
det_cmd='cat+/proc/uptime%3B+date+-u%3B+head+-c+64+/dev/urandom+%7C+sha256sum'
det_args=(-icount shift=0,sleep=off -rtc base=2020-01-01T00:00:00,clock=vm)

same() {    # same A B: serial logs and instruction counts identical
    cmp "$1" "$2" || { diff "$1" "$2" | head -20; fail "serial logs differ: $1 $2"; }
    local a b
    a=$(grep '^trix-icount:' "$1.err") b=$(grep '^trix-icount:' "$2.err")
    [ -n "$a" ] || fail "no instruction count in $1.err (TRIX_STATS=1)"
    [ "$a" = "$b" ] || fail "instruction counts differ: '$a' vs '$b'"
    grep -q '^\[ *[0-9]*\.[0-9]*\] ' "$1" || fail "no kernel timestamps in $1"
}

build_timer() {
    local elf=$out/timer_delay.elf
    [ -f "$elf" ] && [ "$elf" -nt "$src/timer_delay.S" ] && return 0
    riscv64-linux-gnu-gcc -nostdlib -nostartfiles -static -fno-pie -no-pie -march=rv64gc \
        -mabi=lp64d -mcmodel=medany -Wl,--no-relax,--build-id=none \
        -T "$src/../isa/riscv64/system/link.ld" -o "$elf" "$src/timer_delay.S" ||
        fail "cannot build timer_delay.S"
}

bare() {    # bare ARGS...: the timer test, must pass
    "$sys" -M virt -bios none -nographic -kernel "$out/timer_delay.elf" "$@" </dev/null \
        >"$out/bare.log" 2>&1 || { cat "$out/bare.log"; fail "timer_delay with $*"; }
}

refused() {     # refused WORD ARGS...: exit 1 with a message naming WORD
    "$sys" -M virt -bios none -nographic "${@:2}" </dev/null >"$out/refused.log" 2>&1
    local rc=$?
    [ $rc -eq 1 ] || { cat "$out/refused.log"; fail "exit $rc, want 1: ${*:2}"; }
    grep -q -- "$1" "$out/refused.log" || { cat "$out/refused.log"; fail "message lacks '$1'"; }
}

case $case_ in
twice)          # -icount shift=0: two boots, byte-identical logs and instruction counts
    linux "$out/a.log" "$det_cmd" "${det_args[@]}"
    linux "$out/b.log" "$det_cmd" "${det_args[@]}"
    same "$out/a.log" "$out/b.log"
    ;;
smp2)
    linux "$out/s2a.log" "$det_cmd" "${det_args[@]}" -smp 2
    linux "$out/s2b.log" "$det_cmd" "${det_args[@]}" -smp 2
    same "$out/s2a.log" "$out/s2b.log"
    grep -q 'Brought up 1 node, 2 CPUs' "$out/s2a.log" || fail "second hart not up"
    ;;
interp)         # the interpreter and the JIT run the same instructions
    for smp in 1 2; do
        linux "$out/j$smp.log" "$det_cmd" "${det_args[@]}" -smp $smp
        linux "$out/i$smp.log" "$det_cmd" "${det_args[@]}" -smp $smp -accel tcg,tier=interp
        same "$out/j$smp.log" "$out/i$smp.log"
    done
    ;;
timer)          # kvm-unit-tests' "timer delay honored", many runs, one and two vCPUs
    build_timer
    for i in $(seq 1 16); do bare -smp $((i % 2 + 1)); done
    bare -smp 2 -accel tcg,tier=interp
    bare -smp 2 -icount shift=0
    bare -icount shift=0,sleep=off
    bare -smp 2 -icount auto
    echo "timer_delay passed 20 runs"
    ;;
rtc)            # -rtc base=DATE: the guest's clock starts there
    linux "$out/rtc.log" 'date+-u' -icount 0 -rtc base=2006-06-17T16:01:21,clock=vm
    grep -q 'Sat Jun 17 16:01:2[1-9] UTC 2006' "$out/rtc.log" || fail "date with clock=vm"
    linux "$out/rtc2.log" 'date+-u' -rtc base=2006-06-17
    grep -q 'Sat Jun 17 00:0[0-9]:[0-9][0-9] UTC 2006' "$out/rtc2.log" || fail "date with clock=host"
    linux "$out/rtc3.log" 'date+-u+%2B%25Y' -rtc base=utc,clock=rt,driftfix=none
    grep -q "^$(date -u +%Y)" "$out/rtc3.log" || fail "base=utc"
    ;;
options)        # bad -icount / -rtc values are refused by name
    refused "shift must be" -icount shift=11
    refused "shift must be" -icount 1x
    refused "option 'foo'" -icount shift=2,foo=1
    refused "record/replay" -icount shift=2,rr=record
    refused "shift=auto and align=on" -icount auto,align=on
    refused "invalid base 'garbage'" -rtc base=garbage
    refused "invalid base '2006-13-01'" -rtc base=2006-13-01
    refused "invalid clock 'foo'" -rtc clock=foo
    refused "driftfix=slew" -rtc driftfix=slew
    refused "option 'bogus'" -rtc base=utc,bogus=1
    ;;
dlog)           # -d exec,int,cpu,mmu,... -D FILE
    build_timer
    items=exec,int,cpu,mmu,guest_errors,unimp
    bare -d "$items,nochain" -D "$out/nochain.txt"
    bare -d "$items" -D "$out/chain.txt"
    f=$out/nochain.txt
    grep -q '^Trace 0: \[' "$f" || fail "-d exec: no Trace lines"
    grep -q 'riscv: trap cause 0x8000000000000005' "$f" || fail "-d int: no S timer interrupt"
    grep -q 'riscv: trap cause 0x8000000000000007' "$f" || fail "-d int: no M timer interrupt"
    grep -qi 'mstatus' "$f" || fail "-d cpu: no register dump"
    grep -q '^tlb_fill ' "$f" || fail "-d mmu: no TLB fills"
    n=$(grep -c '^Trace' "$f") c=$(grep -c '^Trace' "$out/chain.txt")
    echo "Trace lines: $n with nochain, $c chained"
    [ "$n" -gt "$c" ] || fail "nochain did not show more blocks"
    "$sys" -M virt -d help | grep -q '^mmu ' || fail "-d help lacks mmu"
    ;;
*)
    fail "unknown case $case_"
    ;;
esac
