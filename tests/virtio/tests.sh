# virtio-blk tests (sourced by tests/run.sh): a riscv64 Linux guest on ext4 images made by
# mke2fs -d, over virtio-mmio and virtio-pci, raw and qcow2 (with a backing file), -snapshot,
# readonly=on, two drives, and data safety under SIGKILL (tests/virtio/blk_test.sh does one
# scenario; the guest side is tests/virtio/guest_blk.sh in the initramfs).
vblk_dir=$TRIX_ROOT/tests/virtio
vblk_initrd=$TRIX_ROOT/build/tests/virtio/initramfs.cpio.gz
vblk_cases="rootfs-raw-mmio rootfs-qcow2-pci raw-mmio raw-pci raw-device qcow2-backing snapshot readonly two-drives sigkill-raw
    sigkill-qcow2"
vblk_selected() {
    local n
    [ -z "${TESTS:-}" ] && return 0
    for n in $vblk_cases; do [[ "virtio/blk-$n" == *$TESTS* ]] && return 0; done
    return 1
}
vblk_guest=
if vblk_selected; then
    vblk_guest=$(bash "$TRIX_ROOT/tests/guests/get-riscv64.sh" 2>"$log/vblk-guest.log" |
        tail -n 1) || vblk_guest=
    if [ -n "$vblk_guest" ] && [ -f "$vblk_guest/busybox" ] &&
        { [ ! -f "$vblk_initrd" ] || [ "$vblk_dir/guest_blk.sh" -nt "$vblk_initrd" ] ||
            [ "$TRIX_ROOT/tests/guests/mkinitramfs.sh" -nt "$vblk_initrd" ]; }; then
        mkdir -p "$(dirname "$vblk_initrd")"
        bash "$TRIX_ROOT/tests/guests/mkinitramfs.sh" --add "$vblk_dir/guest_blk.sh" \
            "$vblk_guest/busybox" "$vblk_initrd" 2>>"$log/vblk-guest.log" || rm -f "$vblk_initrd"
    fi
fi
for vblk_c in $vblk_cases; do
    if [ -n "$vblk_guest" ] && [ -f "$vblk_initrd" ] && command -v mke2fs >/dev/null &&
        command -v qemu-img >/dev/null; then
        t "virtio/blk-$vblk_c" 120 env BLK_BUSYBOX="$vblk_guest/busybox" \
            bash "$vblk_dir/blk_test.sh" "$vblk_c" \
            "$TRIX_ROOT/build/trix-system-riscv64" "$vblk_guest/Image" "$vblk_initrd" \
            "$TEST_TMP/virtio-blk-$vblk_c"
    else
        t "virtio/blk-$vblk_c" 5 sh -c 'echo "missing: riscv64 guest, mke2fs or qemu-img"; exit 77'
    fi
done

# Virtio core tests (sourced by tests/run.sh): the virtqueue fuzz corpus and any crash-*
# reproducers replayed through the parser (fuzz/virtqueue_fuzz.c, built by `make tests`).
t virtio/fuzz-replay 60 sh -c '"$0/build/fuzz/virtqueue-replay" "$0"/fuzz/corpus/virtqueue/*' \
    "$TRIX_ROOT"

# Linux guest: virtio-console (hvc0 -> file chardev) and virtio-rng (/dev/hwrng) over mmio and
# pci, on trix and (the same command line) on QEMU.
for k in mmio pci; do
    t "virtio/console-rng-$k" 110 bash "$TRIX_ROOT/tests/virtio/guest.sh" \
        "$TRIX_ROOT/build/trix-system-riscv64" $k
    t "virtio/console-rng-$k-qemu" 110 bash "$TRIX_ROOT/tests/virtio/guest.sh" \
        qemu-system-riscv64 $k
done

# Bare-metal driver posting hostile chains (tests/virtio/hostile.c) to virtio-rng over mmio and
# pci: each must give NEEDS_RESET and a config interrupt; after a reset a good request works.
if command -v riscv64-linux-gnu-gcc >/dev/null; then
    t virtio/hostile 60 sh -c 'set -e; elf=$1/hostile.elf; mkdir -p $1
        riscv64-linux-gnu-gcc -nostdlib -ffreestanding -static -O2 -march=rv64gc -mabi=lp64d \
            -mcmodel=medany -Wl,--build-id=none -Wl,-N,--no-warn-rwx-segments \
            -Wl,-Ttext=0x80000000 -o $elf "$0/tests/virtio/hostile.c"
        timeout 50 "$0/build/trix-system-riscv64" -M virt -m 128M -bios none -nographic \
            -kernel $elf -device virtio-rng-device -device virtio-rng-pci -d guest_errors \
            </dev/null' "$TRIX_ROOT" "$TEST_TMP/virtio"
fi
