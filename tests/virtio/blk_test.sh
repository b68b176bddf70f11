#!/usr/bin/env bash
# blk_test.sh CASE EMULATOR KERNEL INITRD WORKDIR: one virtio-blk scenario of tests/virtio
# (a riscv64 Linux guest on an ext4 image made by mke2fs -d; the host checks with e2fsck -fn,
# debugfs and qemu-img check). Exit 0 when every check passed.
set -euo pipefail
case=$1 emu=$2 kernel=$3 initrd=$4 work=$5
rm -rf "$work" && mkdir -p "$work/root"
cd "$work"
echo "hello from the host" > root/hello.txt
head -c 3000000 /dev/urandom > root/data.bin
md5sum < root/data.bin | cut -d' ' -f1 > root/data.md5
mkimg() { mke2fs -q -t ext4 -d root -F "$1" 64M >/dev/null; }
fail() { echo "FAIL: $*"; exit 1; }

# boot MODE ARGS...: runs the guest with trix.cmd=guest_blk.sh MODE, output in guest.log
boot() {
    local mode=$1; shift
    timeout 100 "$emu" -M virt -m 256M -nographic -bios default -kernel "$kernel" \
        -initrd "$initrd" -append "console=ttyS0 trix.cmd=sh+/bin/guest_blk.sh+$mode" \
        "$@" </dev/null >guest.log 2>&1 || { tail -n 30 guest.log; fail "emulator exit $?"; }
    grep -q BLK-OK guest.log || { tail -n 30 guest.log; fail "guest checks ($mode)"; }
}
host_check() {   # IMAGE: clean fs with the guest's files
    e2fsck -fn "$1" >e2fsck.log 2>&1 || { cat e2fsck.log; fail "e2fsck $1"; }
    [ "$(debugfs -R 'cat /new.txt' "$1" 2>/dev/null)" = "written by the guest" ] ||
        fail "new.txt missing on the host"
    cmp -s <(debugfs -R 'cat /seq.txt' "$1" 2>/dev/null) <(seq 1 100000) ||
        fail "seq.txt differs on the host"
}

# rootfs FORMAT DRIVE-ARGS...: boot with no initramfs, root=/dev/vda (ext4 with busybox and an
# init script): the kernel mounts it, init prints a marker, writes a file and powers off.
rootfs() {
    local fmt=$1; shift
    [ -x "${BLK_BUSYBOX:-}" ] || fail "BLK_BUSYBOX (a static riscv64 busybox) is not set"
    mkdir -p root/bin root/sbin root/proc root/dev
    cp "$BLK_BUSYBOX" root/bin/busybox
    printf '%s\n' '#!/bin/busybox sh' '/bin/busybox mount -t proc proc /proc' \
        'echo "ROOTFS-OK $(/bin/busybox cat /hello.txt) $(/bin/busybox cat /proc/cmdline)"' \
        'echo "written by init" > /from-init.txt' '/bin/busybox sync' \
        '/bin/busybox poweroff -f' > root/sbin/init
    chmod +x root/sbin/init
    mkimg disk.raw
    local img=disk.raw
    if [ "$fmt" = qcow2 ]; then
        qemu-img convert -O qcow2 disk.raw disk.qcow2; img=disk.qcow2
    fi
    timeout 100 "$emu" -M virt -m 256M -nographic -bios default -kernel "$kernel" \
        -append "console=ttyS0 root=/dev/vda rw rootfstype=ext4 init=/sbin/init" \
        "$@" </dev/null >guest.log 2>&1 || { tail -n 30 guest.log; fail "emulator exit $?"; }
    grep -q 'ROOTFS-OK hello from the host .*root=/dev/vda' guest.log ||
        { tail -n 30 guest.log; fail "init on the virtio root filesystem did not run"; }
    if [ "$fmt" = qcow2 ]; then
        qemu-img check disk.qcow2 >check.log 2>&1 || { cat check.log; fail "qemu-img check"; }
        qemu-img convert -O raw disk.qcow2 disk.raw
    fi
    e2fsck -fn disk.raw >e2fsck.log 2>&1 || { cat e2fsck.log; fail "e2fsck"; }
    [ "$(debugfs -R 'cat /from-init.txt' disk.raw 2>/dev/null)" = "written by init" ] ||
        fail "from-init.txt missing on the host"
}

case $case in
rootfs-raw-mmio)
    rootfs raw -drive file=disk.raw,format=raw,if=virtio ;;
rootfs-qcow2-pci)
    rootfs qcow2 -drive file=disk.qcow2,format=qcow2,if=none,id=d0 -device virtio-blk-pci,drive=d0 ;;
raw-mmio)
    mkimg disk.raw
    boot rw -drive file=disk.raw,format=raw,if=virtio
    host_check disk.raw ;;
raw-pci)
    mkimg disk.raw
    boot rw -drive file=disk.raw,format=raw,if=none,id=d0 -device virtio-blk-pci,drive=d0
    host_check disk.raw ;;
raw-device)
    mkimg disk.raw
    boot rw -drive file=disk.raw,format=raw,if=none,id=d0 -device virtio-blk-device,drive=d0
    host_check disk.raw ;;
qcow2-backing)
    mkimg base.raw
    sha256sum base.raw > base.sha
    qemu-img create -q -f qcow2 -b base.raw -F raw top.qcow2
    boot rw -drive file=top.qcow2,format=qcow2,if=none,id=d0 -device virtio-blk-pci,drive=d0
    qemu-img check top.qcow2 || fail "qemu-img check"
    sha256sum -c --quiet base.sha || fail "backing file modified"
    qemu-img convert -O raw top.qcow2 flat.raw
    host_check flat.raw ;;
snapshot)
    mkimg disk.raw
    sha256sum disk.raw > disk.sha
    boot rw -snapshot -drive file=disk.raw,format=raw,if=virtio
    sha256sum -c --quiet disk.sha || fail "-snapshot changed the image" ;;
readonly)
    mkimg disk.raw
    sha256sum disk.raw > disk.sha
    boot ro -drive file=disk.raw,format=raw,if=virtio,readonly=on
    sha256sum -c --quiet disk.sha || fail "readonly=on image changed" ;;
two-drives)
    mkimg a.raw
    mkimg b.qcow2.raw
    qemu-img convert -O qcow2 b.qcow2.raw b.qcow2
    boot two -drive file=a.raw,format=raw,if=virtio \
        -drive file=b.qcow2,format=qcow2,if=none,id=d1 \
        -device virtio-blk-pci,drive=d1,serial=trixserial2
    e2fsck -fn a.raw >/dev/null 2>&1 || fail "e2fsck a.raw"
    qemu-img check b.qcow2 || fail "qemu-img check b.qcow2"
    qemu-img convert -O raw b.qcow2 b.out.raw
    # the guest wrote two.txt on vdb: either disk, depending on which transport probed first
    cat <(debugfs -R 'cat /two.txt' a.raw 2>/dev/null) \
        <(debugfs -R 'cat /two.txt' b.out.raw 2>/dev/null) | grep -qx "disk two" ||
        fail "two.txt on neither disk" ;;
sigkill-raw|sigkill-qcow2)
    mkimg disk.raw
    img=disk.raw fmt=raw
    if [ "$case" = sigkill-qcow2 ]; then
        qemu-img convert -O qcow2 disk.raw disk.qcow2; img=disk.qcow2 fmt=qcow2
    fi
    "$emu" -M virt -m 256M -nographic -bios default -kernel "$kernel" -initrd "$initrd" \
        -append "console=ttyS0 trix.cmd=sh+/bin/guest_blk.sh+kill" \
        -drive file=$img,format=$fmt,if=virtio </dev/null >guest.log 2>&1 &
    pid=$!
    for _ in $(seq 1 200); do
        grep -q BLK-SYNCED guest.log && break
        kill -0 $pid 2>/dev/null || break
        sleep 0.5
    done
    grep -q BLK-SYNCED guest.log || { kill -9 $pid; wait $pid || true; tail guest.log; fail "no sync"; }
    kill -9 $pid
    wait $pid || true
    if [ $fmt = qcow2 ]; then
        qemu-img check -r leaks $img >/dev/null 2>&1 || true
        qemu-img convert -O raw $img disk.out.raw; img=disk.out.raw
    fi
    # sync commits ext4's journal but need not checkpoint it: replay it as the guest's next
    # mount would (e2fsck exit 1 = journal replayed / fixed), then read the file.
    rc=0; e2fsck -fy $img >e2fsck.log 2>&1 || rc=$?
    [ $rc -le 1 ] || { cat e2fsck.log; fail "e2fsck after SIGKILL: exit $rc"; }
    cmp -s <(debugfs -R 'cat /safe.txt' $img 2>/dev/null) <(seq 1 200000) ||
        fail "synced data lost after SIGKILL" ;;
*) fail "unknown case $case" ;;
esac
cd / && rm -rf "$work"
echo "PASS $case"
