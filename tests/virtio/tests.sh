# virtio-blk tests (sourced by tests/run.sh): a riscv64 Linux guest on ext4 images made by
# mke2fs -d, over virtio-mmio and virtio-pci, raw and qcow2 (with a backing file), -snapshot,
# readonly=on, two drives, and data safety under SIGKILL (tests/virtio/blk_test.sh does one
# scenario; the guest side is tests/virtio/guest_blk.sh in the initramfs).
vblk_dir=$TRIX_ROOT/tests/virtio
vblk_initrd=$TRIX_ROOT/build/tests/virtio/initramfs.cpio.gz
vblk_cases="raw-mmio raw-pci raw-device qcow2-backing snapshot readonly two-drives sigkill-raw
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
        t "virtio/blk-$vblk_c" 120 bash "$vblk_dir/blk_test.sh" "$vblk_c" \
            "$TRIX_ROOT/build/trix-system-riscv64" "$vblk_guest/Image" "$vblk_initrd" \
            "$TEST_TMP/virtio-blk-$vblk_c"
    else
        t "virtio/blk-$vblk_c" 5 sh -c 'echo "missing: riscv64 guest, mke2fs or qemu-img"; exit 77'
    fi
done
