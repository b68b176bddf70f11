#!/bin/sh
# Guest side of tests/virtio (runs inside the riscv64 initramfs as /bin/guest_blk.sh MODE).
# Prints BLK-OK when every check of MODE passed.
set -u
mode=$1
fail() { echo "BLK-FAIL: $*"; exit 1; }
check_base() {   # $1 = mount point: files put there by mke2fs -d on the host
    [ "$(cat "$1/hello.txt")" = "hello from the host" ] || fail "hello.txt in $1"
    [ "$(md5sum < "$1/data.bin" | cut -d' ' -f1)" = "$(cat "$1/data.md5")" ] || fail "data.bin in $1"
}
mkdir -p /mnt /mnt2
case $mode in
rw)
    mount -t ext4 /dev/vda /mnt || fail mount
    check_base /mnt
    echo "written by the guest" > /mnt/new.txt
    seq 1 100000 > /mnt/seq.txt
    sync
    umount /mnt || fail umount
    ;;
ro)
    [ "$(cat /sys/block/vda/ro)" = 1 ] || fail "vda not read-only"
    mount -t ext4 -o ro,noload /dev/vda /mnt || fail mount
    check_base /mnt
    umount /mnt
    blockdev --setrw /dev/vda 2>/dev/null
    if dd if=/dev/zero of=/dev/vda bs=4096 count=1 oflag=direct 2>/dev/null; then
        fail "write to a readonly=on disk succeeded"
    fi
    ;;
kill)
    mount -t ext4 /dev/vda /mnt || fail mount
    seq 1 200000 > /mnt/safe.txt
    sync
    echo BLK-SYNCED
    sleep 600
    ;;
two)
    mount -t ext4 /dev/vda /mnt || fail "mount vda"
    mount -t ext4 /dev/vdb /mnt2 || fail "mount vdb"
    check_base /mnt
    check_base /mnt2
    echo "disk two" > /mnt2/two.txt
    sync
    umount /mnt /mnt2 || fail umount
    ;;
*) fail "unknown mode $mode" ;;
esac
echo BLK-OK
