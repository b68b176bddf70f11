#!/usr/bin/env bash
# Boots riscv64 or arm64 Linux to an interactive busybox shell on this terminal, under
# build/trix-system-riscv64 / build/trix-system-aarch64 (or QEMU's with --qemu).
#
#   scripts/boot-linux.sh [--arch riscv64|arm64] [--qemu] [--cmd 'COMMAND'] [-- EXTRA OPTIONS]
#
# riscv64 (the default): Debian's 6.1 kernel from tests/guests/get-riscv64.sh (cached in
# ~/.cache/trix/guests/riscv64), on `-M virt -bios default`. arm64: the shared 6.1 Image
# (../shared/guests/arm64/Image, or $TRIX_ARM64_IMAGE) with a busybox initramfs built once into
# ~/.cache/trix/guests/arm64, on `-M virt -cpu cortex-a57`. In the shell, `poweroff` ends the
# session (so does leaving the shell); Ctrl-A X quits the emulator at any time. --cmd runs
# COMMAND instead of the shell and powers off.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
arch=riscv64
qemu=no
cmd=
while [ $# -gt 0 ]; do
    case $1 in
    --arch) arch=$2; shift ;;
    --qemu) qemu=yes ;;
    --cmd) cmd=$2; shift ;;
    --) shift; break ;;
    -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "boot-linux: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
case $arch in
riscv64)
    emu=$root/build/trix-system-riscv64
    [ $qemu = yes ] && emu=qemu-system-riscv64
    guest=$(bash "$root/tests/guests/get-riscv64.sh" | tail -n 1)
    kernel=$guest/Image initrd=$guest/initramfs.cpio.gz
    board=(-M virt -bios default)
    append="console=ttyS0" ;;
arm64 | aarch64)
    emu=$root/build/trix-system-aarch64
    [ $qemu = yes ] && emu=qemu-system-aarch64
    kernel=${TRIX_ARM64_IMAGE:-$root/../shared/guests/arm64/Image}
    busybox=$(dirname "$kernel")/busybox
    [ -f "$kernel" ] || { echo "boot-linux: no arm64 kernel at $kernel" >&2; exit 1; }
    guest=${XDG_CACHE_HOME:-$HOME/.cache}/trix/guests/arm64
    initrd=$guest/initramfs.cpio.gz
    if [ ! -f "$initrd" ] || [ "$busybox" -nt "$initrd" ]; then
        mkdir -p "$guest"
        bash "$root/tests/guests/mkinitramfs.sh" "$busybox" "$initrd" >&2
    fi
    board=(-M virt -cpu cortex-a57)
    append="console=ttyAMA0" ;;
*) echo "boot-linux: --arch $arch: riscv64 or arm64" >&2; exit 2 ;;
esac
if [ $qemu = no ] && [ ! -x "$emu" ]; then
    echo "boot-linux: $emu not built (run make first)" >&2
    exit 1
fi
if [ -n "$cmd" ]; then
    enc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote_plus(sys.argv[1]))' "$cmd")
    append="$append trix.cmd=$enc"
fi
echo "boot-linux: booting $kernel under $(basename "$emu") (Ctrl-A X quits)" >&2
exec "$emu" "${board[@]}" -m 256M -nographic -kernel "$kernel" -initrd "$initrd" \
    -append "$append" "$@"
