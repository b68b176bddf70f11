#!/usr/bin/env bash
# Boots riscv64 Linux (Debian's 6.1 kernel, a busybox initramfs) to an interactive shell on
# this terminal, under build/trix-system-riscv64 (or qemu-system-riscv64 with --qemu).
#
#   scripts/boot-linux.sh [--qemu] [--cmd 'COMMAND'] [-- EXTRA EMULATOR OPTIONS]
#
# The guest comes from tests/guests/get-riscv64.sh (cached in ~/.cache/trix/guests/riscv64).
# In the shell, `poweroff` ends the session (so does leaving the shell); Ctrl-A X quits the
# emulator at any time. --cmd runs COMMAND instead of the shell and powers off.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
emu=$root/build/trix-system-riscv64
cmd=
while [ $# -gt 0 ]; do
    case $1 in
    --qemu) emu=qemu-system-riscv64 ;;
    --cmd) cmd=$2; shift ;;
    --) shift; break ;;
    -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "boot-linux: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
if [ "$emu" != qemu-system-riscv64 ] && [ ! -x "$emu" ]; then
    echo "boot-linux: $emu not built (run make first)" >&2
    exit 1
fi
guest=$(bash "$root/tests/guests/get-riscv64.sh" | tail -n 1)
append="console=ttyS0"
if [ -n "$cmd" ]; then
    enc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote_plus(sys.argv[1]))' "$cmd")
    append="$append trix.cmd=$enc"
fi
echo "boot-linux: booting $guest/Image under $(basename "$emu") (Ctrl-A X quits)" >&2
exec "$emu" -M virt -m 256M -nographic -bios default -kernel "$guest/Image" \
    -initrd "$guest/initramfs.cpio.gz" -append "$append" "$@"
