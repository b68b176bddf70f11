#!/usr/bin/env bash
# guest.sh EMULATOR KIND: boots the riscv64 test guest with virtio-console and virtio-rng on the
# transport KIND (mmio or pci). The guest writes a token to /dev/hvc0 (the host must find it in
# the file chardev) and reads 4096 bytes from /dev/hwrng (the virtio driver must be current).
set -u
emu=$1 kind=$2
guest=$(bash "$TRIX_ROOT/tests/guests/get-riscv64.sh" 2>/dev/null | tail -n 1)
[ -f "$guest/Image" ] && [ -f "$guest/initramfs.cpio.gz" ] || { echo "no riscv64 guest"; exit 1; }
command -v "$emu" >/dev/null || { echo "$emu not installed"; exit 77; }
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
token=hvc-$RANDOM$RANDOM
cmd="echo $token > /dev/hvc0; echo RNG=\$(head -c 4096 /dev/hwrng | wc -c);"
cmd+=" echo CUR=\$(cat /sys/class/misc/hw_random/rng_current)"
enc=$(python3 -c 'import urllib.parse,sys;print(urllib.parse.quote_plus(sys.argv[1]))' "$cmd")
if [ "$kind" = pci ]; then
    devs=(-device virtio-serial-pci -device virtconsole,chardev=c0 -device virtio-rng-pci)
else
    devs=(-device virtio-serial-device -device virtconsole,chardev=c0 -device virtio-rng-device)
fi
timeout 100 "$emu" -M virt -m 256M -nographic -bios default -kernel "$guest/Image" \
    -initrd "$guest/initramfs.cpio.gz" -append "console=ttyS0 trix.cmd=$enc" \
    -chardev file,id=c0,path="$tmp/hvc.out" "${devs[@]}" </dev/null >"$tmp/console" 2>&1
rc=$?
tail -n 8 "$tmp/console"
[ $rc -eq 0 ] || { echo "emulator exit status $rc"; exit 1; }
grep -q "RNG=4096" "$tmp/console" || { echo "/dev/hwrng did not give 4096 bytes"; exit 1; }
grep -q "CUR=virtio_rng" "$tmp/console" || { echo "virtio_rng is not the current hwrng"; exit 1; }
grep -q "$token" "$tmp/hvc.out" || { echo "token not in the hvc0 chardev file"; exit 1; }
echo "PASS: hvc0 and hwrng over $kind"
