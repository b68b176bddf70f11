#!/usr/bin/env bash
# arm virt board checks: check.sh CASE OUTDIR (see tests/arm64virt/tests.sh).
set -u
case_=$1
out=$2
root=${TRIX_ROOT:-$PWD}
sys=$root/build/trix-system-aarch64
src=$root/tests/arm64virt
image=${TRIX_ARM64_IMAGE:-$root/../shared/guests/arm64/Image}
mkdir -p "$out"

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }

# expect_exit WANT LOGFILE CMD...: run with stdin closed; exit status WANT.
expect_exit() {
    local want=$1 log=$2
    shift 2
    "$@" </dev/null >"$log" 2>&1
    local rc=$?
    cat "$log"
    [ $rc -eq "$want" ] || fail "exit status $rc, want $want: $*"
}

# expect_error LOG REGEX CMD...: exit 1 with REGEX in the output.
expect_error() {
    local log=$1 re=$2
    shift 2
    expect_exit 1 "$log" "$@"
    grep -Eq "$re" "$log" || fail "no '$re' in the error of: $*"
}

need() { command -v "$1" >/dev/null || skip "$1 not installed ($2)"; }

# dump_cmp NAME ARGS...: dumpdtb under QEMU and trix with the same -M options and compare.
dump_cmp() {
    local name=$1 mopt=$2
    shift 2
    need qemu-system-aarch64 "package qemu-system-arm"
    need dtc "package device-tree-compiler"
    qemu-system-aarch64 -M "virt$mopt,dumpdtb=$out/$name-qemu.dtb" -cpu cortex-a57 -nographic \
        -nodefaults "$@" >"$out/$name-qemu.log" 2>&1 </dev/null ||
        { cat "$out/$name-qemu.log"; skip "qemu-system-aarch64 cannot dump its tree"; }
    expect_exit 0 "$out/$name.log" "$sys" -M "virt$mopt,dumpdtb=$out/$name.dtb" -cpu cortex-a57 \
        -nographic -nodefaults "$@"
    dtc -s -I dtb -O dts -o "$out/$name-qemu.dts" "$out/$name-qemu.dtb" 2>/dev/null
    dtc -s -I dtb -O dts -o "$out/$name.dts" "$out/$name.dtb" 2>/dev/null ||
        fail "dtc cannot read trix's blob"
    python3 "$src/dtcmp.py" "$out/$name-qemu.dts" "$out/$name.dts"
}

case $case_ in
build)
    need aarch64-linux-gnu-gcc "package gcc-aarch64-linux-gnu"
    aarch64-linux-gnu-gcc -O1 -ffreestanding -nostdlib -static -mgeneral-regs-only -fno-pie \
        -no-pie -Wl,--build-id=none -Wl,--no-warn-rwx-segments -T "$src/bare/link.ld" \
        -o "$out/devices.elf" "$src/bare/start.S" "$src/bare/devices.c" ||
        fail "cannot build the bare-metal test"
    for d in mmio pcie; do       # two small raw disks for the virtio test
        printf 'TRIX-DISK-%s' "$d" >"$out/disk-$d.img"
        truncate -s 1M "$out/disk-$d.img"
    done
    [ -f "$root/../shared/guests/arm64/busybox" ] || skip "no arm64 busybox in ../shared/guests"
    bash "$root/tests/guests/mkinitramfs.sh" "$root/../shared/guests/arm64/busybox" \
        "$out/initramfs.cpio.gz"
    ;;
dumpdtb-gicv2)
    dump_cmp gicv2 "" -m 256M
    ;;
dumpdtb-gicv3-smp2)
    dump_cmp gicv3 ",gic-version=3" -m 256M -smp 2
    ;;
dumpdtb-max-smp4-el2)
    dump_cmp max ",gic-version=max,virtualization=on" -m 1G -smp 4
    ;;
dumpdtb-linux)      # /chosen: bootargs, stdout-path and the initrd where QEMU puts it
    [ -f "$image" ] || skip "no arm64 Image at $image"
    echo initrd-bytes >"$out/small.initrd"
    dump_cmp linux "" -m 256M -kernel "$image" -initrd "$out/small.initrd" \
        -append "console=ttyAMA0 quiet"
    ;;
machines)           # -M help: each binary lists its own boards
    "$sys" -M help >"$out/m-arm.txt" || fail "-M help failed"
    "$root/build/trix-system-riscv64" -M help >"$out/m-rv.txt" || fail "riscv -M help failed"
    cat "$out/m-arm.txt" "$out/m-rv.txt"
    grep -q '^virt .*ARM' "$out/m-arm.txt" || fail "aarch64 -M help lacks the arm virt board"
    grep -q '^spike' "$out/m-arm.txt" && fail "aarch64 -M help lists spike"
    grep -q '^virt .*RISC-V' "$out/m-rv.txt" || fail "riscv64 -M help lacks its virt board"
    grep -q 'ARM' "$out/m-rv.txt" && fail "riscv64 -M help lists an arm board"
    expect_error "$out/m-spike.log" "unsupported machine" "$sys" -M spike -nographic
    ;;
options)            # board options: refused by name
    d="dumpdtb=$out/o.dtb"
    expect_error "$out/o1.log" "gic-version=host: needs KVM" "$sys" -M virt,gic-version=host,$d
    expect_error "$out/o2.log" "Invalid gic-version value" "$sys" -M virt,gic-version=4,$d
    expect_error "$out/o3.log" "secure=on: EL3" "$sys" -M virt,secure=on,$d
    expect_error "$out/o4.log" "Property 'virt.highmem' not found" "$sys" -M virt,highmem=off,$d
    expect_error "$out/o5.log" "GICv2 supports at most 8 CPUs" "$sys" -M virt,$d -smp 9
    expect_error "$out/o6.log" "at most 64 CPUs|between 1 and 64" "$sys" -M virt,gic-version=3,$d -smp 65
    expect_error "$out/o7.log" "cortex-a99" "$sys" -M virt,$d -cpu cortex-a99
    expect_exit 0 "$out/o8.log" "$sys" -M virt,gic-version=3,secure=off,virtualization=off,$d -smp 9
    expect_exit 0 "$out/o9.log" "$sys" -M virt,help
    grep -q gic-version "$out/o9.log" || fail "-M virt,help lacks gic-version"
    ;;
bad-input)          # images that cannot be booted: clear errors, exit 1
    d="dumpdtb=$out/b.dtb"
    : >"$out/empty"
    expect_error "$out/b1.log" "could not load kernel .*empty" "$sys" -M virt,$d -kernel "$out/empty"
    head -c 100 "$root/build/trix" >"$out/trunc.elf"
    expect_error "$out/b2.log" "kernel" "$sys" -M virt,$d -kernel "$out/trunc.elf"
    expect_error "$out/b3.log" "kernel" "$sys" -M virt,$d -kernel "$root/build/trix"
    # an Image header asking for 1 GiB, in 128 MiB of RAM
    python3 -c 'import struct,sys; h=bytearray(64); h[8:16]=struct.pack("<Q",0); h[16:24]=struct.pack("<Q",1<<30); h[0x38:0x3c]=b"ARM\x64"; sys.stdout.buffer.write(bytes(h))' >"$out/big.Image"
    expect_error "$out/b4.log" "could not load kernel .*more than RAM" "$sys" -M virt,$d \
        -kernel "$out/big.Image"
    echo "not a tree" >"$out/bad.dtb"
    expect_error "$out/b5.log" "not a flattened device tree" "$sys" -M virt,$d \
        -kernel "$out/big.Image" -m 2G -dtb "$out/bad.dtb"
    head -c $((65 << 20)) /dev/zero >"$out/big.bios"
    expect_error "$out/b6.log" "larger than the flash" "$sys" -M virt,$d -m 128M -bios "$out/big.bios"
    gzip -c "$out/big.Image" | head -c 30 >"$out/trunc.gz"
    expect_error "$out/b7.log" "kernel" "$sys" -M virt,$d -kernel "$out/trunc.gz"
    ;;
*)
    fail "unknown case $case_"
    ;;
esac
