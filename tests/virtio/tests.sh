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
