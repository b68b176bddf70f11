/* The virtio-mmio (version 2) transport: the board's slots, each empty or holding one device. */
#ifndef TRIX_HW_VIRTIO_MMIO_H
#define TRIX_HW_VIRTIO_MMIO_H

#include "hw/virtio/virtio.h"

#define VIRTIO_MMIO_SLOT_SIZE 0x1000

/* Map `count` empty slots at base + i * VIRTIO_MMIO_SLOT_SIZE, slot i raising irqs[i]. An
 * empty slot reads as QEMU's do (magic, version 2, device id 0). virtio_mmio_plug() fills them. */
void virtio_mmio_create_slots(uint64_t base, int count, const IRQ *irqs);
/* System reset of every populated slot. */
void virtio_mmio_reset_all(void);
/* The virtio,mmio device-tree node (one per slot, populated or not). */
void virtio_mmio_fdt(void *fdt, const char *parent_path, uint64_t base, uint32_t intc_phandle,
                     int irq_num);

#endif
