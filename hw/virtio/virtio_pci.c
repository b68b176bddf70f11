/* The virtio-pci modern transport (virtio 1.2 section 4.1): vendor capabilities, BAR4 regions, MSI-X, INTx. */
#include <string.h>
#include "hw/virtio/virtio.h"
#include "hw/pci/pci.h"

/*
 * BAR1 (32-bit memory, 4 KiB): the MSI-X table at 0, the PBA at 0x800.
 * BAR4 (64-bit prefetchable memory, 16 KiB): common config 0x0000, ISR 0x1000, device config
 * 0x2000, notifications 0x3000 (queue n at n * 4). The layout QEMU's modern devices have.
 * Without an MSI controller (the riscv virt board has none) Linux uses INTx through the host's
 * interrupt map; the ISR read acknowledges it.
 */

enum { VPCI_CAP_COMMON = 1, VPCI_CAP_NOTIFY = 2, VPCI_CAP_ISR = 3, VPCI_CAP_DEVICE = 4 };
enum {
    VPCI_COMMON = 0x0000, VPCI_ISR = 0x1000, VPCI_DEVICE = 0x2000, VPCI_NOTIFY = 0x3000,
    VPCI_REGION = 0x1000, VPCI_BAR4_SIZE = 0x4000, VPCI_NOTIFY_MULT = 4,
    VPCI_MSIX_BAR = 1, VPCI_MODERN_BAR = 4, VPCI_MSIX_PBA = 0x800, VPCI_MSIX_BAR_SIZE = 0x1000,
};
#define VPCI_NO_VECTOR 0xffff
#define VPCI_MAX_VECTORS (VIRTIO_QUEUE_MAX + 1)

/* struct virtio_pci_common_cfg offsets */
enum {
    CC_DFSELECT = 0x00, CC_DF = 0x04, CC_GFSELECT = 0x08, CC_GF = 0x0c, CC_MSIX = 0x10,
    CC_NUMQ = 0x12, CC_STATUS = 0x14, CC_CFGGEN = 0x15, CC_QSEL = 0x16, CC_QSIZE = 0x18,
    CC_QMSIX = 0x1a, CC_QENABLE = 0x1c, CC_QNOTIFYOFF = 0x1e, CC_QDESC = 0x20,
    CC_QDRIVER = 0x28, CC_QDEVICE = 0x30, CC_SIZE = 0x38,
};

typedef struct VirtIOPCI {
    PCIDevice pci;
    VirtIODevice *vdev;
    uint32_t dfselect, gfselect;
    uint16_t queue_sel, config_vector;
    uint8_t msix_cap;
    unsigned nvec;
    uint32_t msix_table[VPCI_MAX_VECTORS][4];   /* addr lo, addr hi, data, control */
    uint32_t msix_pba;
    bool msix_sending;                  /* an MSI write is under way (it may hit our own BAR) */
} VirtIOPCI;

static bool msix_enabled(VirtIOPCI *s)
{
    return s->pci.config[s->msix_cap + 3] & 0x80;
}

static bool msix_masked(VirtIOPCI *s, unsigned v)
{
    return (s->pci.config[s->msix_cap + 3] & 0x40) || (s->msix_table[v][3] & 1);
}

static void msix_send(VirtIOPCI *s, unsigned v)
{
    if (v >= s->nvec)
        return;
    if (msix_masked(s, v)) {
        s->msix_pba |= 1u << v;
        return;
    }
    s->msix_pba &= ~(1u << v);
    uint64_t addr = s->msix_table[v][0] | (uint64_t)s->msix_table[v][1] << 32;
    uint32_t data = s->msix_table[v][2];
    bool ok = pci_bus_master(&s->pci) && !s->msix_sending;
    if (ok) {
        s->msix_sending = true;         /* a message aimed at a device register cannot recurse */
        ok = phys_write(addr, &data, 4);
        s->msix_sending = false;
    }
    if (!ok)
        log_mask(LOG_GUEST_ERROR, "%s: MSI-X vector %u to %#llx not delivered\n",
                 s->pci.name, v, (unsigned long long)addr);
}

static void msix_deliver_pending(VirtIOPCI *s)
{
    for (unsigned v = 0; v < s->nvec; v++)
        if ((s->msix_pba & (1u << v)) && !msix_masked(s, v))
            msix_send(s, v);
}

static void vpci_notify(VirtIODevice *vdev, int vq_index)
{
    VirtIOPCI *s = vdev->transport_opaque;
    if (msix_enabled(s)) {
        msix_send(s, vq_index < 0 ? s->config_vector : vdev->vq[vq_index].vector);
        return;
    }
    pci_set_irq(&s->pci, vdev->isr != 0);
}

static const VirtIOTransportOps vpci_transport = { .notify = vpci_notify };

static VirtQueue *vpci_queue(VirtIOPCI *s)
{
    return s->queue_sel < s->vdev->num_queues ? &s->vdev->vq[s->queue_sel] : NULL;
}

/* The common config as bytes, for reads and for read-modify-write of partial writes. */
static void common_snapshot(VirtIOPCI *s, uint8_t *c)
{
    VirtIODevice *vdev = s->vdev;
    VirtQueue *vq = vpci_queue(s);
    uint32_t df = virtio_get_host_features(vdev, s->dfselect);
    uint32_t gf = virtio_get_guest_features(vdev, s->gfselect);
    uint16_t nq = vdev->num_queues, zero = 0, noff = s->queue_sel;
    memset(c, 0, CC_SIZE);
    memcpy(c + CC_DFSELECT, &s->dfselect, 4);
    memcpy(c + CC_DF, &df, 4);
    memcpy(c + CC_GFSELECT, &s->gfselect, 4);
    memcpy(c + CC_GF, &gf, 4);
    memcpy(c + CC_MSIX, &s->config_vector, 2);
    memcpy(c + CC_NUMQ, &nq, 2);
    c[CC_STATUS] = vdev->status;
    c[CC_CFGGEN] = (uint8_t)vdev->config_generation;
    memcpy(c + CC_QSEL, &s->queue_sel, 2);
    if (!vq)
        return;
    uint16_t en = vq->ready;
    memcpy(c + CC_QSIZE, &vq->num, 2);
    memcpy(c + CC_QMSIX, &vq->vector, 2);
    memcpy(c + CC_QENABLE, &en, 2);
    memcpy(c + CC_QNOTIFYOFF, vq ? &noff : &zero, 2);
    memcpy(c + CC_QDESC, &vq->desc, 8);
    memcpy(c + CC_QDRIVER, &vq->avail, 8);
    memcpy(c + CC_QDEVICE, &vq->used, 8);
}

static bool touches(uint64_t off, unsigned size, unsigned field, unsigned flen)
{
    return off < field + flen && field < off + size;
}

static uint16_t vpci_vector(VirtIOPCI *s, uint16_t v)
{
    return v < s->nvec ? v : VPCI_NO_VECTOR;
}

static void common_queue_write(VirtIOPCI *s, const uint8_t *c, uint64_t off, unsigned size)
{
    VirtQueue *vq = vpci_queue(s);
    if (!vq) {
        log_mask(LOG_GUEST_ERROR, "%s: write to queue %u that does not exist\n", s->pci.name,
                 s->queue_sel);
        return;
    }
    if (touches(off, size, CC_QMSIX, 2))
        vq->vector = vpci_vector(s, c[CC_QMSIX] | c[CC_QMSIX + 1] << 8);
    if (vq->ready && !touches(off, size, CC_QMSIX, 2)) {
        log_mask(LOG_GUEST_ERROR, "%s: queue %u set up while enabled\n", s->pci.name,
                 s->queue_sel);
        return;
    }
    if (touches(off, size, CC_QSIZE, 2))
        memcpy(&vq->num, c + CC_QSIZE, 2);
    if (touches(off, size, CC_QDESC, 8))
        memcpy(&vq->desc, c + CC_QDESC, 8);
    if (touches(off, size, CC_QDRIVER, 8))
        memcpy(&vq->avail, c + CC_QDRIVER, 8);
    if (touches(off, size, CC_QDEVICE, 8))
        memcpy(&vq->used, c + CC_QDEVICE, 8);
    if (touches(off, size, CC_QENABLE, 2) && c[CC_QENABLE] == 1)
        virtio_queue_enable(s->vdev, s->queue_sel);
}

static void vpci_transport_reset(VirtIOPCI *s)
{
    s->dfselect = s->gfselect = 0;
    s->queue_sel = 0;
    s->config_vector = VPCI_NO_VECTOR;
    pci_set_irq(&s->pci, 0);
}

static void common_write(VirtIOPCI *s, uint64_t off, uint64_t val, unsigned size)
{
    uint8_t c[CC_SIZE];
    common_snapshot(s, c);
    memcpy(c + off, &val, size);
    if (touches(off, size, CC_DFSELECT, 4))
        memcpy(&s->dfselect, c + CC_DFSELECT, 4);
    if (touches(off, size, CC_GFSELECT, 4))
        memcpy(&s->gfselect, c + CC_GFSELECT, 4);
    if (touches(off, size, CC_GF, 4)) {
        uint32_t gf;
        memcpy(&gf, c + CC_GF, 4);
        virtio_set_guest_features(s->vdev, s->gfselect, gf);
    }
    if (touches(off, size, CC_MSIX, 2))
        s->config_vector = vpci_vector(s, c[CC_MSIX] | c[CC_MSIX + 1] << 8);
    if (touches(off, size, CC_QSEL, 2))
        memcpy(&s->queue_sel, c + CC_QSEL, 2);
    if (touches(off, size, CC_QSIZE, CC_SIZE - CC_QSIZE) && !touches(off, size, CC_QNOTIFYOFF, 2))
        common_queue_write(s, c, off, size);
    if (touches(off, size, CC_STATUS, 1)) {
        virtio_set_status(s->vdev, c[CC_STATUS]);
        if (!s->vdev->status)
            vpci_transport_reset(s);
    }
}

static uint64_t bar4_read(void *opaque, uint64_t off, unsigned size)
{
    VirtIOPCI *s = opaque;
    if (off < VPCI_COMMON + CC_SIZE && off + size <= CC_SIZE) {
        uint8_t c[CC_SIZE];
        uint64_t v = 0;
        common_snapshot(s, c);
        memcpy(&v, c + off, size);
        return v;
    }
    if (off >= VPCI_ISR && off < VPCI_ISR + VPCI_REGION) {
        uint8_t isr = s->vdev->isr;
        s->vdev->isr = 0;               /* reading acknowledges */
        if (!msix_enabled(s))
            pci_set_irq(&s->pci, 0);
        return isr;
    }
    if (off >= VPCI_DEVICE && off < VPCI_DEVICE + VPCI_REGION)
        return virtio_config_read(s->vdev, off - VPCI_DEVICE, size);
    return 0;
}

static void bar4_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    VirtIOPCI *s = opaque;
    if (off < CC_SIZE && off + size <= CC_SIZE)
        common_write(s, off, val, size);
    else if (off >= VPCI_DEVICE && off < VPCI_DEVICE + VPCI_REGION)
        virtio_config_write(s->vdev, off - VPCI_DEVICE, size, (uint32_t)val);
    else if (off >= VPCI_NOTIFY && off < VPCI_NOTIFY + VPCI_REGION)
        virtio_queue_notify(s->vdev, (off - VPCI_NOTIFY) / VPCI_NOTIFY_MULT);
    else
        log_mask(LOG_GUEST_ERROR, "%s: write %#llx at BAR4 offset %#llx\n", s->pci.name,
                 (unsigned long long)val, (unsigned long long)off);
}

static const MemoryRegionOps bar4_ops = {
    .read = bar4_read, .write = bar4_write, .min_size = 1, .max_size = 4,
};

static uint64_t msix_read(void *opaque, uint64_t off, unsigned size)
{
    VirtIOPCI *s = opaque;
    if (size != 4 || (off & 3))
        return 0;
    if (off < VPCI_MSIX_PBA)
        return off / 16 < s->nvec ? s->msix_table[off / 16][(off % 16) / 4] : 0;
    return off == VPCI_MSIX_PBA ? s->msix_pba : 0;
}

static void msix_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    VirtIOPCI *s = opaque;
    if (size != 4 || (off & 3) || off >= VPCI_MSIX_PBA || off / 16 >= s->nvec) {
        log_mask(LOG_GUEST_ERROR, "%s: MSI-X write at %#llx\n", s->pci.name,
                 (unsigned long long)off);
        return;
    }
    s->msix_table[off / 16][(off % 16) / 4] = (uint32_t)val;
    msix_deliver_pending(s);
}

static const MemoryRegionOps msix_ops = {
    .read = msix_read, .write = msix_write, .min_size = 4, .max_size = 4,
};

static void vpci_config_written(PCIDevice *d, uint32_t addr, unsigned len)
{
    VirtIOPCI *s = d->opaque;
    if (addr <= s->msix_cap + 3u && addr + len > s->msix_cap + 2u) {
        if (msix_enabled(s))
            pci_set_irq(&s->pci, 0);
        msix_deliver_pending(s);
    }
}

static void vpci_reset(PCIDevice *d)
{
    VirtIOPCI *s = d->opaque;
    virtio_reset(s->vdev);
    vpci_transport_reset(s);
    for (unsigned v = 0; v < s->nvec; v++)
        s->msix_table[v][0] = s->msix_table[v][1] = s->msix_table[v][2] = 0,
        s->msix_table[v][3] = 1;
    s->msix_pba = 0;
    s->pci.config[s->msix_cap + 3] &= 0x3f;
}

static void vpci_cap(VirtIOPCI *s, uint8_t type, uint32_t offset, uint32_t length,
                     bool notify)
{
    uint8_t len = notify ? 20 : 16;
    uint8_t c = pci_add_capability(&s->pci, PCI_CAP_ID_VNDR, len);
    uint8_t *p = s->pci.config + c;
    p[2] = len;
    p[3] = type;
    p[4] = VPCI_MODERN_BAR;
    memcpy(p + 8, &offset, 4);
    memcpy(p + 12, &length, 4);
    if (notify) {
        uint32_t mult = VPCI_NOTIFY_MULT;
        memcpy(p + 16, &mult, 4);
    }
}

static void vpci_msix_cap(VirtIOPCI *s)
{
    s->msix_cap = pci_add_capability(&s->pci, PCI_CAP_ID_MSIX, 12);
    uint8_t *p = s->pci.config + s->msix_cap;
    uint16_t ctl = s->nvec - 1;
    uint32_t table = VPCI_MSIX_BAR, pba = VPCI_MSIX_PBA | VPCI_MSIX_BAR;
    memcpy(p + 2, &ctl, 2);
    memcpy(p + 4, &table, 4);
    memcpy(p + 8, &pba, 4);
    s->pci.wmask[s->msix_cap + 3] = 0xc0;      /* MSI-X enable, function mask */
}

static uint32_t vpci_class(uint16_t id)
{
    switch (id) {
    case VIRTIO_ID_NET: return 0x020000;        /* network, ethernet */
    case VIRTIO_ID_BLOCK: return 0x018000;      /* mass storage, other */
    case VIRTIO_ID_CONSOLE: return 0x078000;    /* communication, other */
    }
    return 0x00ff00;
}

void virtio_pci_plug(VirtIODevice *vdev)
{
    PCIBus *bus = pci_default_bus();
    if (!bus)
        trix_fatal("-device %s-pci: this board has no PCI host", vdev->ops->name);
    VirtIOPCI *s = trix_malloc0(sizeof(*s));
    s->vdev = vdev;
    s->nvec = vdev->num_queues + 1;
    uint16_t id = vdev->ops->device_id;
    pci_device_init(&s->pci, vdev->ops->name, 0x1af4, 0x1040 + id, 1, vpci_class(id));
    pci_set_subsystem(&s->pci, 0x1af4, 0x1100);
    pci_set_intx_pin(&s->pci, 1);
    s->pci.opaque = s;
    s->pci.config_written = vpci_config_written;
    s->pci.reset = vpci_reset;
    pci_register_bar(&s->pci, VPCI_MSIX_BAR, PCI_BAR_MEM32, VPCI_MSIX_BAR_SIZE, &msix_ops, s);
    pci_register_bar(&s->pci, VPCI_MODERN_BAR, PCI_BAR_MEM64 | PCI_BAR_PREFETCH,
                     VPCI_BAR4_SIZE, &bar4_ops, s);
    vpci_msix_cap(s);
    vpci_cap(s, VPCI_CAP_COMMON, VPCI_COMMON, VPCI_REGION, false);
    vpci_cap(s, VPCI_CAP_ISR, VPCI_ISR, VPCI_REGION, false);
    vpci_cap(s, VPCI_CAP_DEVICE, VPCI_DEVICE, VPCI_REGION, false);
    vpci_cap(s, VPCI_CAP_NOTIFY, VPCI_NOTIFY, VPCI_REGION, true);
    for (unsigned v = 0; v < s->nvec; v++)
        s->msix_table[v][3] = 1;
    s->config_vector = VPCI_NO_VECTOR;
    virtio_bind_transport(vdev, &vpci_transport, s);
    pci_bus_plug(bus, &s->pci);
}
