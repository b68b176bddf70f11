/* Empty virtio-mmio slots: every register reads 0 (no magic: "no device"), writes are dropped. */
#include "hw/virtio/virtio_mmio_empty.h"
#include "hw/core/fdt_util.h"

static uint64_t virtio_empty_read(void *opaque, uint64_t offset, unsigned size)
{
    return 0;
}

static void virtio_empty_write(void *opaque, uint64_t offset, uint64_t val, unsigned size)
{
    log_mask(LOG_GUEST_ERROR, "virtio-mmio: write to empty slot at offset %#llx\n",
             (unsigned long long)offset);
}

static const MemoryRegionOps virtio_empty_ops = {
    .read = virtio_empty_read,
    .write = virtio_empty_write,
    .min_size = 4,
    .max_size = 4,
};

void virtio_mmio_empty_create(uint64_t base)
{
    mem_map_mmio("virtio-mmio (empty)", base, VIRTIO_MMIO_SLOT_SIZE, &virtio_empty_ops, NULL);
}

void virtio_mmio_fdt(void *fdt, const char *parent_path, uint64_t base, uint32_t intc_phandle,
                     int irq_num)
{
    int n = dt_node_fmt(fdt, dt_path(fdt, parent_path), "virtio_mmio@%llx",
                        (unsigned long long)base);
    dt_prop_u32(fdt, n, "interrupts", (uint32_t)irq_num);
    dt_prop_u32(fdt, n, "interrupt-parent", intc_phandle);
    uint64_t reg[2] = { base, VIRTIO_MMIO_SLOT_SIZE };
    dt_prop_reg2(fdt, n, reg, 1);
    dt_prop_str(fdt, n, "compatible", "virtio,mmio");
}
