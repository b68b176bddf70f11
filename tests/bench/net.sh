#!/usr/bin/env bash
# net.sh OUTDIR: the slirp TCP benchmark (tests/bench/net.py) over virtio-net-device, with the
# riscv64 test guest and the net test initramfs (built here when missing).
set -u
out=$1
sys=${TRIX_SYSTEM_RISCV64:-$PWD/build/trix-system-riscv64}
qemu=${QEMU_SYSTEM_RISCV64:-qemu-system-riscv64}
command -v "$qemu" >/dev/null || { echo "bench net: $qemu not found; skipped" >&2; exit 0; }
guest=$(bash tests/guests/get-riscv64.sh 2>/dev/null | tail -n 1)
initrd=$PWD/build/tests/net/initramfs.cpio.gz
if [ ! -f "$initrd" ]; then
    mkdir -p "$(dirname "$initrd")"
    bash tests/guests/mkinitramfs.sh --add tests/net/udhcpc.script:usr/share/udhcpc/default.script \
        "$guest/busybox" "$initrd" >/dev/null 2>&1 || { echo "bench net: no initramfs" >&2; exit 1; }
fi
NET_BENCH_LOG=$out/net.log timeout 400 python3 tests/bench/net.py --mib "${BENCH_NET_MIB:-32}" \
    "$sys" "$qemu" "$guest/Image" "$initrd"
