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
