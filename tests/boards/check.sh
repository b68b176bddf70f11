#!/usr/bin/env bash
# Board checks for -M virt / -M spike: check.sh CASE OUTDIR (see tests/boards/tests.sh).
set -u
case_=$1
out=$2
sys=${TRIX_ROOT:-$PWD}/build/trix-system-riscv64
src=$(dirname "$0")
mkdir -p "$out"

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_exit WANT LOGFILE CMD...: run with stdin closed; exit status WANT.
expect_exit() {
    local want=$1 log=$2
    shift 2
    "$@" </dev/null >"$log" 2>&1
    local rc=$?
    cat "$log"
    [ $rc -eq "$want" ] || fail "exit status $rc, want $want: $*"
}

cc_guest() {    # cc_guest NAME SOURCE ADDR [CPPFLAGS...]
    local name=$1 s=$2 addr=$3
    shift 3
    riscv64-linux-gnu-gcc -nostdlib -static -march=rv64gc -mabi=lp64d -Wl,--build-id=none -Wl,-N \
        -Wl,-Ttext=$addr "$@" -o "$out/$name" "$src/$s" || fail "cannot build $name"
}

case $case_ in
build)
    cc_guest virt_pass.elf virt_exit.S 0x80000000 -DEXIT_CODE=0
    cc_guest virt_fail42.elf virt_exit.S 0x80000000 -DEXIT_CODE=42
    cc_guest sbi_payload.elf sbi_payload.S 0x80200000
    riscv64-linux-gnu-objcopy -O binary "$out/sbi_payload.elf" "$out/sbi_payload.bin"
    gzip -9 -c "$out/sbi_payload.bin" >"$out/sbi_payload.bin.gz"
    cc_guest spike_exit0.elf spike_exit.S 0x80000000 -DEXIT_CODE=0
    cc_guest spike_exit5.elf spike_exit.S 0x80000000 -DEXIT_CODE=5
    ;;
dumpdtb)
    expect_exit 0 "$out/dump.log" "$sys" -M virt,dumpdtb="$out/virt.dtb" -smp 2 -m 256M \
        -kernel "$out/sbi_payload.bin" -append "console=ttyS0 quiet"
    dtc -I dtb -O dts -o "$out/virt.dts" "$out/virt.dtb" 2>/dev/null || fail "dtc cannot read the blob"
    for want in 'timebase-frequency = <0x989680>' 'cpu@0 {' 'cpu@1 {' 'riscv,isa = "rv64imafdc' \
        'mmu-type = "riscv,sv' 'compatible = "riscv,cpu-intc"' 'memory@80000000 {' \
        'reg = <0x00 0x80000000 0x00 0x10000000>' 'clint@2000000 {' 'plic@c000000 {' \
        'riscv,ndev = <0x5f>' 'serial@10000000 {' 'compatible = "ns16550a"' \
        'rtc@101000 {' 'google,goldfish-rtc' 'test@100000 {' 'virtio_mmio@10001000 {' \
        'virtio_mmio@10008000 {' 'compatible = "syscon-poweroff"' 'compatible = "syscon-reboot"' \
        'value = <0x5555>' 'value = <0x7777>' 'bootargs = "console=ttyS0 quiet"' \
        'stdout-path = "/soc/serial@10000000"'; do
        grep -qF "$want" "$out/virt.dts" || fail "virt.dts lacks: $want"
    done
    expect_exit 0 "$out/dump-spike.log" "$sys" -M spike,dumpdtb="$out/spike.dtb"
    # QEMU's other spelling: the board from -M, the option from a separate -machine
    expect_exit 0 "$out/dump-sep.log" "$sys" -M spike -machine dumpdtb="$out/spike2.dtb"
    cmp -s "$out/spike.dtb" "$out/spike2.dtb" || fail "-M spike -machine dumpdtb= differs"
    dtc -I dtb -O dts "$out/spike.dtb" 2>/dev/null | grep -q 'compatible = "ucb,htif0"' ||
        fail "spike tree lacks the htif node"
    ;;
initrd-dtb)     # the initrd goes below the tree and /chosen names it
    head -c 100000 /dev/urandom >"$out/initrd.img"
    expect_exit 0 "$out/dump2.log" "$sys" -M virt,dumpdtb="$out/initrd.dtb" \
        -kernel "$out/sbi_payload.bin" -initrd "$out/initrd.img"
    dts=$(dtc -I dtb -O dts "$out/initrd.dtb" 2>/dev/null)
    # 128 MiB RAM: the tree at 0x87e00000; 100000 bytes of initrd page-aligned below it.
    grep -q 'linux,initrd-start = <0x00 0x87de7000>' <<<"$dts" || fail "initrd start: $dts"
    grep -q 'linux,initrd-end = <0x00 0x87dff6a0>' <<<"$dts" || fail "initrd end"
    ;;
user-dtb)       # -dtb replaces the tree; /chosen is still filled in
    expect_exit 0 "$out/user.log" "$sys" -M virt,dumpdtb="$out/user-out.dtb" \
        -dtb "$out/virt.dtb" -kernel "$out/sbi_payload.bin" -append "from-user-dtb"
    dtc -I dtb -O dts "$out/user-out.dtb" 2>/dev/null | grep -q 'bootargs = "from-user-dtb"' ||
        fail "bootargs not set in the -dtb tree"
    ;;
bad-dtb)
    echo "not a device tree" >"$out/bad.dtb"
    expect_exit 1 "$out/bad.log" "$sys" -M virt -nographic -dtb "$out/bad.dtb"
    grep -q 'not a flattened device tree' "$out/bad.log" || fail "unclear message"
    ;;
too-big)        # images that do not fit, or overlap, are clear errors
    head -c $((20 << 20)) /dev/zero >"$out/big.bin"
    expect_exit 1 "$out/big.log" "$sys" -M virt -m 16M -bios none -kernel "$out/big.bin"
    grep -q 'larger than RAM' "$out/big.log" || fail "unclear message for a big kernel"
    expect_exit 1 "$out/ovl.log" "$sys" -M virt -bios "$out/virt_pass.elf" \
        -kernel "$out/virt_fail42.elf"
    grep -q 'overlaps the firmware' "$out/ovl.log" || fail "unclear message for an overlap"
    expect_exit 1 "$out/nobios.log" "$sys" -M virt -bios /nonexistent.bin
    grep -q '/nonexistent.bin' "$out/nobios.log" || fail "missing file not named"
    ;;
virt-exit)
    expect_exit 0 "$out/pass.log" "$sys" -M virt -nographic -bios none -kernel "$out/virt_pass.elf"
    grep -q 'virt-ok hart0' "$out/pass.log" || fail "no UART output"
    expect_exit 42 "$out/fail.log" "$sys" -M virt -nographic -bios none -kernel "$out/virt_fail42.elf"
    expect_exit 0 "$out/raw.log" "$sys" -M virt -nographic -bios "$out/virt_pass.elf"
    ;;
opensbi)        # ROM -> OpenSBI (fw_dynamic) -> S-mode payload -> SBI shutdown -> test device
    [ -r /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin ] || { echo "SKIP: no OpenSBI (package opensbi)"; exit 77; }
    for k in sbi_payload.bin sbi_payload.bin.gz sbi_payload.elf; do
        expect_exit 0 "$out/sbi-$k.log" "$sys" -M virt -nographic -smp 2 -bios default -kernel "$out/$k"
        grep -q 'OpenSBI v' "$out/sbi-$k.log" || fail "no OpenSBI banner ($k)"
        grep -q 'Domain0 Next Address      : 0x0000000080200000' "$out/sbi-$k.log" ||
            fail "fw_dynamic next address ($k)"
        grep -q 'payload-ok in S-mode' "$out/sbi-$k.log" || fail "payload did not run ($k)"
    done
    ;;
spike)
    expect_exit 0 "$out/spike0.log" "$sys" -M spike -nographic -bios none -kernel "$out/spike_exit0.elf"
    grep -q 'spike-ok via htif' "$out/spike0.log" || fail "no HTIF console output"
    expect_exit 5 "$out/spike5.log" "$sys" -M spike -nographic -bios none -kernel "$out/spike_exit5.elf"
    ;;
*)
    fail "unknown case $case_"
    ;;
esac
exit 0
