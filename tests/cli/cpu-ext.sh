#!/bin/bash
# -cpu rv64,EXT=off: the switched-off instructions raise illegal instruction (SIGILL in user
# mode), misa and the device tree's riscv,isa follow. Usage: cpu-ext.sh SYSTEM USER OUTDIR
set -u
sys=$1 user=$2 out=$3 src=tests/cli inc=tests/isa/riscv64/system
cc=${RISCV64_CC:-riscv64-linux-gnu-gcc}
command -v "$cc" >/dev/null || { echo "SKIP: no $cc"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
"$cc" -O2 -static -o "$out/ext_user" "$src/ext_user.c" || fail "cannot build ext_user.c"
"$cc" -nostdlib -nostartfiles -static -fno-pie -no-pie -march=rv64gc -mabi=lp64d \
    -mcmodel=medany -Wl,--no-relax,--build-id=none -T "$inc/link.ld" -DTRIX_VIRT -I"$inc" \
    -o "$out/ext_off.elf" "$src/ext_off.S" || fail "cannot build ext_off.S"
"$cc" -nostdlib -nostartfiles -static -fno-pie -no-pie -march=rv64g -mabi=lp64d \
    -mcmodel=medany -Wl,--no-relax,--build-id=none -T "$inc/link.ld" -DTRIX_VIRT -I"$inc" \
    -o "$out/ext_off2.elf" "$src/ext_off2.S" || fail "cannot build ext_off2.S"

# user mode
o=$(timeout 20 "$user" -cpu rv64 "$out/ext_user") || fail "rv64: exit $?"
echo "$o" | grep -qx 'zba: 10' || fail "rv64: sh1add: $o"
echo "$o" | grep -qx 'hwcap: 0x112d' || fail "rv64: AT_HWCAP: $o"
o=$(timeout 20 "$user" -cpu rv64,zba=off "$out/ext_user") || fail "zba=off: exit $?"
echo "$o" | grep -qx 'zba: SIGILL' || fail "zba=off: no SIGILL: $o"
echo "$o" | grep -qx 'm: 42' || fail "zba=off: mul: $o"
o=$(timeout 20 "$user" -cpu rv64,zba=off "$out/ext_user" exec) || fail "execve: exit $?"
echo "$o" | grep -qx 'zba: SIGILL' || fail "zba=off lost across execve: $o"
echo "user mode: ok"

# system mode, both tiers: the program checks misa and the traps
for tier in jit interp; do
    timeout 20 "$sys" -M virt -bios none -nographic -accel tcg,tier=$tier \
        -cpu rv64,m=off,zba=off -kernel "$out/ext_off.elf" </dev/null || fail "system ($tier)"
done
timeout 20 "$sys" -M virt -bios none -nographic -cpu rv64,c=off,f=off,d=off,sstc=off,zicond=off \
    -kernel "$out/ext_off2.elf" </dev/null || fail "system: c, f, d, sstc, zicond off"
# and fails with every extension on (mul does not trap), so the check can fail
timeout 20 "$sys" -M virt -bios none -nographic -kernel "$out/ext_off.elf" </dev/null \
    >/dev/null 2>&1 && fail "ext_off.elf passed with M and Zba on"
echo "system mode: ok"

# the device tree
if command -v fdtget >/dev/null; then
    "$sys" -M virt,dumpdtb="$out/ext.dtb" -cpu rv64,zba=off,sstc=off -display none ||
        fail "dumpdtb"
    isa=$(fdtget "$out/ext.dtb" /cpus/cpu@0 riscv,isa)
    [ "$isa" = rv64imafdc_zicsr_zifencei_zicond_zbb_zbc_zbs ] || fail "riscv,isa '$isa'"
    echo "riscv,isa: $isa"
fi
echo ok
