/* PCI config-space model: masks, BAR sizing, capabilities, INTx, and the bus with BAR decoding. */
#include <string.h>
#include "hw/pci/pci.h"

static PCIBus *default_bus;

static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

void pci_device_init(PCIDevice *d, const char *name, uint16_t vendor, uint16_t device,
                     uint8_t revision, uint32_t class_code)
{
    memset(d->config, 0, sizeof(d->config));
    memset(d->wmask, 0, sizeof(d->wmask));
    memset(d->w1cmask, 0, sizeof(d->w1cmask));
    d->name = name;
    put16(d->config + PCI_VENDOR_ID, vendor);
    put16(d->config + PCI_DEVICE_ID, device);
    d->config[PCI_REVISION_ID] = revision;
    d->config[PCI_CLASS_PROG] = class_code & 0xff;
    put16(d->config + PCI_CLASS_DEVICE, class_code >> 8);
    put16(d->wmask + PCI_COMMAND, PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |
                                  PCI_COMMAND_INTX_DISABLE);
    put16(d->w1cmask + PCI_STATUS, 0xf900);     /* error bits */
    d->wmask[PCI_INTERRUPT_LINE] = 0xff;
    d->wmask[0x0c] = 0xff;                       /* cache line size */
    d->cap_end = 0x40;
}

void pci_set_subsystem(PCIDevice *d, uint16_t vendor, uint16_t id)
{
    put16(d->config + PCI_SUBSYSTEM_VENDOR_ID, vendor);
    put16(d->config + PCI_SUBSYSTEM_ID, id);
}

void pci_set_intx_pin(PCIDevice *d, int pin)
{
    d->config[PCI_INTERRUPT_PIN] = pin;
}

void pci_register_bar(PCIDevice *d, int n, unsigned kind, uint64_t size,
                      const MemoryRegionOps *ops, void *opaque)
{
    bool m64 = kind & PCI_BAR_MEM64;
    ASSERT(n >= 0 && n + m64 < PCI_NUM_BARS && size && !(size & (size - 1)));
    ASSERT(size >= ((kind & PCI_BAR_IO) ? 4u : 16u));
    d->bar[n] = (PCIBar){ size, kind, ops, opaque };
    uint64_t mask = ~(size - 1);
    uint8_t *r = d->config + PCI_BAR0 + 4 * n;
    put32(r, kind);
    put32(d->wmask + PCI_BAR0 + 4 * n, (uint32_t)mask & ~((kind & PCI_BAR_IO) ? 3u : 15u));
    if (m64)
        put32(d->wmask + PCI_BAR0 + 4 * (n + 1), (uint32_t)(mask >> 32));
}

uint8_t pci_add_capability(PCIDevice *d, uint8_t id, uint8_t len)
{
    uint8_t off = d->cap_end;
    ASSERT(off + len <= 256 && len >= 2);
    d->config[off] = id;
    d->config[off + 1] = d->config[PCI_CAPABILITY_LIST];
    d->config[PCI_CAPABILITY_LIST] = off;
    d->config[PCI_STATUS] |= PCI_STATUS_CAP_LIST;
    d->cap_end = (uint8_t)((off + len + 3) & ~3);
    return off;
}

uint64_t pci_bar_address(const PCIDevice *d, int n)
{
    const PCIBar *b = &d->bar[n];
    uint16_t cmd = d->config[PCI_COMMAND] | d->config[PCI_COMMAND + 1] << 8;
    bool io = b->kind & PCI_BAR_IO;
    if (!b->size || !(cmd & (io ? PCI_COMMAND_IO : PCI_COMMAND_MEMORY)))
        return UINT64_MAX;
    uint64_t a = get32(d->config + PCI_BAR0 + 4 * n) & (io ? ~3u : ~15u);
    if (b->kind & PCI_BAR_MEM64)
        a |= (uint64_t)get32(d->config + PCI_BAR0 + 4 * (n + 1)) << 32;
    return a ? a : UINT64_MAX;          /* address 0: not assigned */
}

uint32_t pci_config_read(PCIDevice *d, uint32_t addr, unsigned len)
{
    if (addr >= PCI_CONFIG_SIZE || len > PCI_CONFIG_SIZE - addr)
        return 0;
    uint32_t v = 0;
    memcpy(&v, d->config + addr, len);
    return v;
}

static void pci_update_intx(PCIDevice *d)
{
    bool disabled = d->config[PCI_COMMAND + 1] & (PCI_COMMAND_INTX_DISABLE >> 8);
    int level = d->intx_level && !disabled;
    if (d->intx_level)
        d->config[PCI_STATUS] |= PCI_STATUS_INTERRUPT;
    else
        d->config[PCI_STATUS] &= ~PCI_STATUS_INTERRUPT;
    int pin = d->config[PCI_INTERRUPT_PIN];
    if (pin && d->bus && d->bus->set_intx)
        d->bus->set_intx(d->bus->intx_opaque, d->devfn, pin - 1, level);
}

void pci_config_write(PCIDevice *d, uint32_t addr, uint32_t val, unsigned len)
{
    if (addr >= PCI_CONFIG_SIZE || len > PCI_CONFIG_SIZE - addr)
        return;
    for (unsigned i = 0; i < len; i++) {
        uint8_t b = val >> (8 * i), wm = d->wmask[addr + i], w1c = d->w1cmask[addr + i];
        uint8_t *c = &d->config[addr + i];
        *c = (*c & ~wm) | (b & wm);
        *c &= ~(b & w1c);
    }
    if (addr <= PCI_COMMAND + 1 && addr + len > PCI_COMMAND)
        pci_update_intx(d);
    if (d->config_written)
        d->config_written(d, addr, len);
}

void pci_set_irq(PCIDevice *d, int level)
{
    d->intx_level = level != 0;
    pci_update_intx(d);
}

bool pci_bus_master(const PCIDevice *d)
{
    return d->config[PCI_COMMAND] & PCI_COMMAND_MASTER;
}

void pci_bus_init(PCIBus *bus, void (*set_intx)(void *, int, int, int), void *opaque)
{
    memset(bus, 0, sizeof(*bus));
    bus->set_intx = set_intx;
    bus->intx_opaque = opaque;
}

void pci_bus_plug_at(PCIBus *bus, PCIDevice *d, int devfn)
{
    ASSERT(devfn >= 0 && devfn < 256 && !bus->devs[devfn]);
    bus->devs[devfn] = d;
    d->bus = bus;
    d->devfn = devfn;
}

void pci_bus_plug(PCIBus *bus, PCIDevice *d)
{
    while (bus->next_slot < 32 && bus->devs[PCI_DEVFN(bus->next_slot, 0)])
        bus->next_slot++;
    if (bus->next_slot >= 32)
        trix_fatal("-device %s: the PCI bus is full (32 slots)", d->name);
    pci_bus_plug_at(bus, d, PCI_DEVFN(bus->next_slot, 0));
}

const PCIBar *pci_bus_find_bar(PCIBus *bus, bool io, uint64_t addr, uint64_t *offset)
{
    for (int i = 0; i < 256; i++) {
        PCIDevice *d = bus->devs[i];
        for (int n = 0; d && n < PCI_NUM_BARS; n++) {
            const PCIBar *b = &d->bar[n];
            if (!b->size || !(b->kind & PCI_BAR_IO) != !io)
                continue;
            uint64_t a = pci_bar_address(d, n);
            if (a != UINT64_MAX && addr >= a && addr - a < b->size) {
                *offset = addr - a;
                return b;
            }
        }
    }
    return NULL;
}

void pci_bus_reset(PCIBus *bus)
{
    for (int i = 0; i < 256; i++) {
        PCIDevice *d = bus->devs[i];
        if (!d)
            continue;
        put16(d->config + PCI_COMMAND, 0);
        put16(d->config + PCI_STATUS, d->config[PCI_STATUS] & PCI_STATUS_CAP_LIST);
        for (int n = 0; n < PCI_NUM_BARS; n++)
            if (d->bar[n].size) {
                put32(d->config + PCI_BAR0 + 4 * n, d->bar[n].kind);
                if (d->bar[n].kind & PCI_BAR_MEM64)
                    put32(d->config + PCI_BAR0 + 4 * (n + 1), 0);
            }
        d->config[PCI_INTERRUPT_LINE] = 0;
        if (d->reset)
            d->reset(d);
        pci_set_irq(d, 0);
    }
}

PCIBus *pci_default_bus(void)
{
    return default_bus;
}

void pci_set_default_bus(PCIBus *bus)
{
    default_bus = bus;
}
