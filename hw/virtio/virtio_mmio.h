/* The virtio-mmio (version 2) transport: the board's slots, each empty or holding one device. */
#ifndef TRIX_HW_VIRTIO_MMIO_H
#define TRIX_HW_VIRTIO_MMIO_H

#include "hw/virtio/virtio.h"

#define VIRTIO_MMIO_SLOT_SIZE 0x1000

/* Map `count` empty slots at base + i * VIRTIO_MMIO_SLOT_SIZE, slot i raising irqs[i]. An
 * empty slot reads as QEMU's do (magic, version 2, device id 0). virtio_mmio_plug() fills them. */
void virtio_mmio_create_slots(uint64_t base, int count, const IRQ *irqs);
/* The same with slots `stride` bytes apart (and that large), e.g. arm virt's 0x200. */
void virtio_mmio_create_slots_stride(uint64_t base, uint64_t stride, int count,
                                     const IRQ *irqs);
/* Whether the i-th slot created (in creation order) holds a device (x86 microvm announces
 * the populated ones on the kernel command line). */
bool virtio_mmio_slot_in_use(int i);
/* System reset of every populated slot. */
void virtio_mmio_reset_all(void);
/* The virtio,mmio device-tree node (one per slot, populated or not). */
void virtio_mmio_fdt(void *fdt, const char *parent_path, uint64_t base, uint32_t intc_phandle,
                     int irq_num);
/* The node with an interrupt specifier of ncells cells. intc_phandle 0: no interrupt-parent
 * (the root's applies) and the node is dma-coherent, as on arm virt. */
void virtio_mmio_fdt_node(void *fdt, const char *parent_path, uint64_t base, uint64_t size,
                          uint32_t intc_phandle, const uint32_t *irq_cells, int ncells);

#endif
