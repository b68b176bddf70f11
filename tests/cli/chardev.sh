#!/bin/bash
# -chardev BACKEND,id=ID + -serial chardev:ID: the console goes where the chardev says; every
# -chardev is checked at start-up even when nothing uses it. Usage: chardev.sh SYSTEM OUTDIR
set -u
sys=$1 out=$2 inc=tests/isa/riscv64/system
cc=${RISCV64_CC:-riscv64-linux-gnu-gcc}
command -v "$cc" >/dev/null || { echo "SKIP: no $cc"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
elf=$out/chardev.elf
"$cc" -nostdlib -nostartfiles -static -fno-pie -no-pie -march=rv64gc -mabi=lp64d \
    -mcmodel=medany -Wl,--no-relax,--build-id=none -T "$inc/link.ld" -DTRIX_VIRT -I"$inc" \
    -o "$elf" tests/cli/ext_off.S || fail "cannot build ext_off.S"
run() { timeout 20 "$sys" -M virt -bios none -display none -cpu rv64,m=off,zba=off \
    -kernel "$elf" "$@" </dev/null; }
rm -f "$out/serial.log"
run -chardev file,id=s0,path="$out/serial.log" -serial chardev:s0 >"$out/stdout.log" 2>&1 ||
    fail "chardev file: exit $?: $(cat "$out/stdout.log")"
grep -q PASS "$out/serial.log" || fail "no PASS in the chardev file"
grep -q PASS "$out/stdout.log" && fail "console also went to stdout"
o=$(run -chardev null,id=s0 -serial chardev:s0 2>&1) || fail "chardev null: $o"
[ -z "$o" ] || fail "chardev null printed '$o'"
o=$(run -chardev null,id=s0 -chardev ringbuf,id=r 2>&1) && fail "unused ringbuf accepted"
[[ $o == *"backend 'ringbuf' is not supported"* ]] || fail "ringbuf: '$o'"
o=$(run -chardev null,id=s0 -chardev null,id=s0 2>&1) && fail "duplicate id accepted"
[[ $o == *"duplicate chardev id 's0'"* ]] || fail "duplicate: '$o'"
o=$(run -serial chardev:nope 2>&1) && fail "unknown id accepted"
[[ $o == *"no -chardev with id=nope"* ]] || fail "unknown id: '$o'"
echo ok
