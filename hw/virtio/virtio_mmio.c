/* The virtio-mmio transport, version 2 (virtio 1.2 section 4.2): registers, queue setup, IRQ. */
#include "hw/virtio/virtio_mmio.h"
#include "hw/core/fdt_util.h"

enum {
    MMIO_MAGIC = 0x000, MMIO_VERSION = 0x004, MMIO_DEVICE_ID = 0x008, MMIO_VENDOR_ID = 0x00c,
    MMIO_DEV_FEATURES = 0x010, MMIO_DEV_FEATURES_SEL = 0x014,
    MMIO_DRV_FEATURES = 0x020, MMIO_DRV_FEATURES_SEL = 0x024,
    MMIO_QUEUE_SEL = 0x030, MMIO_QUEUE_NUM_MAX = 0x034, MMIO_QUEUE_NUM = 0x038,
    MMIO_QUEUE_READY = 0x044, MMIO_QUEUE_NOTIFY = 0x050,
    MMIO_INT_STATUS = 0x060, MMIO_INT_ACK = 0x064, MMIO_STATUS = 0x070,
    MMIO_QUEUE_DESC_LO = 0x080, MMIO_QUEUE_DESC_HI = 0x084,
    MMIO_QUEUE_DRIVER_LO = 0x090, MMIO_QUEUE_DRIVER_HI = 0x094,
    MMIO_QUEUE_DEVICE_LO = 0x0a0, MMIO_QUEUE_DEVICE_HI = 0x0a4,
    MMIO_SHM_SEL = 0x0ac, MMIO_SHM_LEN_LO = 0x0b0, MMIO_SHM_LEN_HI = 0x0b4,
    MMIO_SHM_BASE_LO = 0x0b8, MMIO_SHM_BASE_HI = 0x0bc,
    MMIO_CONFIG_GEN = 0x0fc, MMIO_CONFIG = 0x100,
};

#define VIRTIO_MMIO_MAGIC  0x74726976u     /* "virt" */
#define VIRTIO_MMIO_VENDOR 0x554d4551u     /* "QEMU", what guests see on QEMU's boards */
#define VIRTIO_MMIO_MAX_SLOTS 32

typedef struct VirtIOMMIO {
    uint64_t base, size;
    IRQ irq;
    VirtIODevice *vdev;                 /* NULL: empty slot */
    uint32_t dev_features_sel, drv_features_sel, queue_sel;
} VirtIOMMIO;

static VirtIOMMIO mmio_slots[VIRTIO_MMIO_MAX_SLOTS];
static int mmio_nslots;

static void mmio_update_irq(VirtIOMMIO *s)
{
    irq_set(&s->irq, s->vdev && s->vdev->isr != 0);
}

static void mmio_notify(VirtIODevice *vdev, int vq_index)
{
    mmio_update_irq(vdev->transport_opaque);
}

static const VirtIOTransportOps mmio_transport = { .notify = mmio_notify };

static VirtQueue *mmio_queue(VirtIOMMIO *s)
{
    return s->queue_sel < (uint32_t)s->vdev->num_queues ? &s->vdev->vq[s->queue_sel] : NULL;
}

static uint32_t mmio_queue_read(VirtIOMMIO *s, uint64_t offset)
{
    VirtQueue *vq = mmio_queue(s);
    if (!vq)
        return 0;               /* QueueNumMax 0: the queue does not exist */
    switch (offset) {
    case MMIO_QUEUE_NUM_MAX: return vq->num_max;
    case MMIO_QUEUE_READY: return vq->ready;
    case MMIO_QUEUE_DESC_LO: return (uint32_t)vq->desc;
    case MMIO_QUEUE_DESC_HI: return vq->desc >> 32;
    case MMIO_QUEUE_DRIVER_LO: return (uint32_t)vq->avail;
    case MMIO_QUEUE_DRIVER_HI: return vq->avail >> 32;
    case MMIO_QUEUE_DEVICE_LO: return (uint32_t)vq->used;
    case MMIO_QUEUE_DEVICE_HI: return vq->used >> 32;
    }
    return 0;
}

static uint32_t mmio_reg_read(VirtIOMMIO *s, uint64_t offset)
{
    VirtIODevice *vdev = s->vdev;
    switch (offset) {
    case MMIO_MAGIC: return VIRTIO_MMIO_MAGIC;
    case MMIO_VERSION: return 2;
    case MMIO_DEVICE_ID: return vdev ? vdev->ops->device_id : 0;
    case MMIO_VENDOR_ID: return VIRTIO_MMIO_VENDOR;
    }
    if (!vdev)
        return 0;
    switch (offset) {
    case MMIO_DEV_FEATURES: return virtio_get_host_features(vdev, s->dev_features_sel);
    case MMIO_INT_STATUS: return vdev->isr;
    case MMIO_STATUS: return vdev->status;
    case MMIO_CONFIG_GEN: return vdev->config_generation;
    case MMIO_SHM_LEN_LO: case MMIO_SHM_LEN_HI: return 0xffffffffu;   /* no shared memory */
    case MMIO_SHM_BASE_LO: case MMIO_SHM_BASE_HI: return 0xffffffffu;
    case MMIO_QUEUE_NUM_MAX: case MMIO_QUEUE_READY:
    case MMIO_QUEUE_DESC_LO: case MMIO_QUEUE_DESC_HI: case MMIO_QUEUE_DRIVER_LO:
    case MMIO_QUEUE_DRIVER_HI: case MMIO_QUEUE_DEVICE_LO: case MMIO_QUEUE_DEVICE_HI:
        return mmio_queue_read(s, offset);
    }
    log_mask(LOG_GUEST_ERROR, "virtio-mmio@%llx: read of register %#llx\n",
             (unsigned long long)s->base, (unsigned long long)offset);
    return 0;
}

static uint64_t mmio_read(void *opaque, uint64_t offset, unsigned size)
{
    VirtIOMMIO *s = opaque;
    if (offset >= MMIO_CONFIG)
        return s->vdev ? virtio_config_read(s->vdev, offset - MMIO_CONFIG, size) : 0;
    if (size != 4 || (offset & 3)) {
        log_mask(LOG_GUEST_ERROR, "virtio-mmio@%llx: %u-byte read at %#llx\n",
                 (unsigned long long)s->base, size, (unsigned long long)offset);
        return 0;
    }
    return mmio_reg_read(s, offset);
}

static void set_lo(uint64_t *r, uint32_t v) { *r = (*r & ~0xffffffffull) | v; }
static void set_hi(uint64_t *r, uint32_t v) { *r = (*r & 0xffffffffull) | ((uint64_t)v << 32); }

static void mmio_queue_write(VirtIOMMIO *s, uint64_t offset, uint32_t val)
{
    VirtQueue *vq = mmio_queue(s);
    if (!vq || (vq->ready && offset != MMIO_QUEUE_READY)) {
        log_mask(LOG_GUEST_ERROR, "virtio-mmio@%llx: write %#llx to queue %u %s\n",
                 (unsigned long long)s->base, (unsigned long long)offset, s->queue_sel,
                 vq ? "while ready" : "that does not exist");
        return;
    }
    switch (offset) {
    case MMIO_QUEUE_NUM: vq->num = val > 0xffff ? 0 : val; break;
    case MMIO_QUEUE_DESC_LO: set_lo(&vq->desc, val); break;
    case MMIO_QUEUE_DESC_HI: set_hi(&vq->desc, val); break;
    case MMIO_QUEUE_DRIVER_LO: set_lo(&vq->avail, val); break;
    case MMIO_QUEUE_DRIVER_HI: set_hi(&vq->avail, val); break;
    case MMIO_QUEUE_DEVICE_LO: set_lo(&vq->used, val); break;
    case MMIO_QUEUE_DEVICE_HI: set_hi(&vq->used, val); break;
    case MMIO_QUEUE_READY:
        if (val && !vq->ready)
            virtio_queue_enable(s->vdev, s->queue_sel);
        else if (!val)
            vq->ready = false;
        break;
    }
}

static void mmio_reg_write(VirtIOMMIO *s, uint64_t offset, uint32_t val)
{
    VirtIODevice *vdev = s->vdev;
    switch (offset) {
    case MMIO_DEV_FEATURES_SEL: s->dev_features_sel = val; return;
    case MMIO_DRV_FEATURES_SEL: s->drv_features_sel = val; return;
    case MMIO_DRV_FEATURES: virtio_set_guest_features(vdev, s->drv_features_sel, val); return;
    case MMIO_QUEUE_SEL: s->queue_sel = val; return;
    case MMIO_QUEUE_NOTIFY: virtio_queue_notify(vdev, val & 0xffff); return;
    case MMIO_SHM_SEL: return;
    case MMIO_INT_ACK:
        vdev->isr &= ~val;
        mmio_update_irq(s);
        return;
    case MMIO_STATUS:
        virtio_set_status(vdev, val & 0xff);
        if (!vdev->status)
            s->dev_features_sel = s->drv_features_sel = s->queue_sel = 0;
        mmio_update_irq(s);
        return;
    case MMIO_QUEUE_NUM: case MMIO_QUEUE_READY:
    case MMIO_QUEUE_DESC_LO: case MMIO_QUEUE_DESC_HI: case MMIO_QUEUE_DRIVER_LO:
    case MMIO_QUEUE_DRIVER_HI: case MMIO_QUEUE_DEVICE_LO: case MMIO_QUEUE_DEVICE_HI:
        mmio_queue_write(s, offset, val);
        return;
    }
    log_mask(LOG_GUEST_ERROR, "virtio-mmio@%llx: write %#x to register %#llx\n",
             (unsigned long long)s->base, val, (unsigned long long)offset);
}

static void mmio_write(void *opaque, uint64_t offset, uint64_t val, unsigned size)
{
    VirtIOMMIO *s = opaque;
    if (!s->vdev) {
        log_mask(LOG_GUEST_ERROR, "virtio-mmio@%llx: write to empty slot at %#llx\n",
                 (unsigned long long)s->base, (unsigned long long)offset);
        return;
    }
    if (offset >= MMIO_CONFIG) {
        virtio_config_write(s->vdev, offset - MMIO_CONFIG, size, (uint32_t)val);
        return;
    }
    if (size != 4 || (offset & 3)) {
        log_mask(LOG_GUEST_ERROR, "virtio-mmio@%llx: %u-byte write at %#llx\n",
                 (unsigned long long)s->base, size, (unsigned long long)offset);
        return;
    }
    mmio_reg_write(s, offset, (uint32_t)val);
}

static const MemoryRegionOps mmio_ops = {
    .read = mmio_read,
    .write = mmio_write,
    .min_size = 1,
    .max_size = 4,
};

void virtio_mmio_create_slots_stride(uint64_t base, uint64_t stride, int count,
                                     const IRQ *irqs)
{
    for (int i = 0; i < count; i++) {
        if (mmio_nslots == VIRTIO_MMIO_MAX_SLOTS)
            trix_fatal("virtio-mmio: more than %d slots", VIRTIO_MMIO_MAX_SLOTS);
        VirtIOMMIO *s = &mmio_slots[mmio_nslots++];
        *s = (VirtIOMMIO){ .base = base + (uint64_t)i * stride, .size = stride, .irq = irqs[i] };
        mem_map_mmio("virtio-mmio", s->base, stride, &mmio_ops, s);
    }
}

void virtio_mmio_create_slots(uint64_t base, int count, const IRQ *irqs)
{
    virtio_mmio_create_slots_stride(base, VIRTIO_MMIO_SLOT_SIZE, count, irqs);
}

bool virtio_mmio_slot_in_use(int i)
{
    return i >= 0 && i < mmio_nslots && mmio_slots[i].vdev;
}

void virtio_mmio_plug(VirtIODevice *vdev)
{
    for (int i = mmio_nslots - 1; i >= 0; i--) {
        if (!mmio_slots[i].vdev) {
            mmio_slots[i].vdev = vdev;
            virtio_bind_transport(vdev, &mmio_transport, &mmio_slots[i]);
            return;
        }
    }
    trix_fatal("-device %s: no free virtio-mmio slot (this board has %d)", vdev->ops->name,
               mmio_nslots);
}

void virtio_mmio_reset_all(void)
{
    for (int i = 0; i < mmio_nslots; i++) {
        VirtIOMMIO *s = &mmio_slots[i];
        s->dev_features_sel = s->drv_features_sel = s->queue_sel = 0;
        if (s->vdev) {
            virtio_reset(s->vdev);
            mmio_update_irq(s);
        }
    }
}

void virtio_mmio_fdt_node(void *fdt, const char *parent_path, uint64_t base, uint64_t size,
                          uint32_t intc_phandle, const uint32_t *irq_cells, int ncells)
{
    int n = dt_node_fmt(fdt, dt_path(fdt, parent_path), "virtio_mmio@%llx",
                        (unsigned long long)base);
    if (!intc_phandle)
        dt_prop_empty(fdt, n, "dma-coherent");
    dt_prop_cells(fdt, n, "interrupts", irq_cells, ncells);
    if (intc_phandle)
        dt_prop_u32(fdt, n, "interrupt-parent", intc_phandle);
    uint64_t reg[2] = { base, size };
    dt_prop_reg2(fdt, n, reg, 1);
    dt_prop_str(fdt, n, "compatible", "virtio,mmio");
}

void virtio_mmio_fdt(void *fdt, const char *parent_path, uint64_t base, uint32_t intc_phandle,
                     int irq_num)
{
    uint32_t cell = (uint32_t)irq_num;
    virtio_mmio_fdt_node(fdt, parent_path, base, VIRTIO_MMIO_SLOT_SIZE, intc_phandle, &cell, 1);
}
