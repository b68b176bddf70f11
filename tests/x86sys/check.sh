#!/usr/bin/env bash
# check.sh NAME OUT: the x86sys checks that are not guest runs (sourced by tests.sh).
#   build      assemble the bare-metal programs (bare/) into OUT, pack the busybox initramfs
#   machines   -M help lists microvm and pc with QEMU's descriptions
#   options    board options: accepted values, refusals by name
#   bad-input  a truncated bzImage, an ELF with no PVH note or Multiboot header, a -bios of the
#              wrong size: clear errors, no crash (needs the system-mode CPU: skipped before)
set -u
root=${TRIX_ROOT:-$PWD}
name=$1
out=$2
trix=$root/build/trix-system-x86_64
skip() { echo "$*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

build() {
    command -v x86_64-linux-gnu-gcc >/dev/null || skip "no x86_64-linux-gnu-gcc"
    mkdir -p "$out"
    local cc="x86_64-linux-gnu-gcc -m32 -c" ld="x86_64-linux-gnu-ld -m elf_i386"
    $cc "$root/tests/x86sys/bare/multiboot.S" -o "$out/multiboot.o" || fail "assemble multiboot"
    $ld -T "$root/tests/x86sys/bare/multiboot.ld" --no-warn-rwx-segments -o "$out/multiboot.elf" \
        "$out/multiboot.o" || fail "link multiboot"
    $cc "$root/tests/x86sys/bare/bios.S" -o "$out/bios.o" || fail "assemble bios"
    $ld -Ttext=0 --oformat binary -o "$out/bios.bin" "$out/bios.o" || fail "link bios"
    [ "$(stat -c %s "$out/bios.bin")" = 65536 ] || fail "bios.bin is not 64 KiB"
    for d in pci mmio; do                       # disks for the virtio-blk runs
        printf 'TRIX-DISK-%s' "$d" >"$out/disk-$d.img"
        truncate -s 1M "$out/disk-$d.img"
    done
    local bb=$root/../shared/guests/x86_64/busybox
    if [ -f "$bb" ]; then
        bash "$root/tests/guests/mkinitramfs.sh" "$bb" "$out/initramfs.cpio.gz" || fail "initramfs"
    fi
}

machines() {
    local m
    m=$("$trix" -M help) || fail "-M help"
    echo "$m"
    grep -qx 'microvm *microvm (i386)' <<<"$m" || fail "microvm missing"
    grep -qx 'pc *Standard PC (i440FX + PIIX, 1996)' <<<"$m" || fail "pc missing"
}

# expect_fail MESSAGE ARGS...: trix must exit non-zero (not by a signal) saying MESSAGE.
expect_fail() {
    local want=$1 o rc=0
    shift
    o=$("$trix" "$@" 2>&1 </dev/null) || rc=$?
    echo "$o"
    [ $rc -ne 0 ] && [ $rc -lt 128 ] || fail "$* exited $rc"
    grep -q -- "$want" <<<"$o" || fail "$*: no '$want'"
}

cpu_check() {
    if "$trix" -M microvm -nographic -nodefaults -kernel /dev/null 2>&1 </dev/null |
        grep -q "not available yet"; then
        skip "x86-64 system-mode CPU not in this build yet"
    fi
}

options() {
    expect_fail "Property 'microvm.bogus' not found" -M microvm,bogus=1 -kernel /dev/null
    expect_fail "Property 'pc.bogus' not found" -M pc,bogus=1 -kernel /dev/null
    cpu_check
    expect_fail "Parameter 'pic' does not accept value 'maybe'" -M microvm,pic=maybe -kernel /dev/null
    expect_fail "pcie=on: not supported" -M microvm,pcie=on -kernel /dev/null
    expect_fail "ioapic2=on needs acpi=on" -M microvm,acpi=off,ioapic2=on -kernel /dev/null
}

bad_input() {
    cpu_check
    local bz=$root/../shared/guests/x86_64/bzImage
    [ -f "$bz" ] || skip "no $bz"
    head -c 4096 "$bz" >"$out/truncated-bzImage"
    expect_fail "truncated bzImage" -M microvm -nographic -nodefaults -kernel "$out/truncated-bzImage"
    expect_fail "XEN_ELFNOTE_PHYS32_ENTRY" -M pc -nographic -nodefaults -kernel "$out/bios.o"
    head -c 1000 "$out/bios.bin" >"$out/short-bios.bin"
    expect_fail "multiple of 64 KiB" -M microvm -nographic -nodefaults -bios "$out/short-bios.bin"
    expect_fail "nothing to boot\|was not found" -M microvm -nographic -nodefaults -bios none
}

case $name in
build) build ;;
machines) machines ;;
options) options ;;
bad-input) bad_input ;;
*) fail "unknown check $name" ;;
esac
