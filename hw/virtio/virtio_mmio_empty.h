/* An empty virtio-mmio slot: the transport window with no device behind it (magic reads 0). */
#ifndef TRIX_HW_VIRTIO_MMIO_EMPTY_H
#define TRIX_HW_VIRTIO_MMIO_EMPTY_H

#include "trix/hw.h"

#define VIRTIO_MMIO_SLOT_SIZE 0x1000

void virtio_mmio_empty_create(uint64_t base);
/* The virtio,mmio node; the same node serves a populated slot. */
void virtio_mmio_fdt(void *fdt, const char *parent_path, uint64_t base, uint32_t intc_phandle,
                     int irq_num);

#endif
