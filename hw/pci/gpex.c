/* The generic PCIe host: ECAM config access, BAR-decoding MMIO/PIO windows, INTx swizzle, fdt node. */
#include <string.h>
#include "hw/pci/gpex.h"
#include "hw/core/fdt_util.h"
#include "trix/ioport.h"

struct GPEXHost {
    GPEXConfig cfg;
    PCIBus bus;
    PCIDevice bridge;                   /* 00.0: the host bridge itself */
    uint8_t intx_pins[256];             /* per devfn: bit p set while pin p is asserted */
};

typedef struct GPEXWindow {
    GPEXHost *h;
    bool io;
    uint64_t bus_base;                  /* bus address of the window's first byte */
} GPEXWindow;

static GPEXWindow gpex_windows[3];

/* ECAM offset: bus [27:20], devfn [19:12], register [11:0]. Only bus 0 exists. */
static PCIDevice *ecam_dev(GPEXHost *h, uint64_t off)
{
    return (off >> 20) ? NULL : h->bus.devs[(off >> 12) & 0xff];
}

static uint64_t ecam_read(void *opaque, uint64_t off, unsigned size)
{
    PCIDevice *d = ecam_dev(opaque, off);
    return d ? pci_config_read(d, off & 0xfff, size) : (size == 4 ? 0xffffffffu :
                                                         (1u << (8 * size)) - 1);
}

static void ecam_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    PCIDevice *d = ecam_dev(opaque, off);
    if (d)
        pci_config_write(d, off & 0xfff, (uint32_t)val, size);
}

static const MemoryRegionOps ecam_ops = {
    .read = ecam_read, .write = ecam_write, .min_size = 1, .max_size = 4,
};

static unsigned bar_max(const PCIBar *b)
{
    return b->ops->max_size ? b->ops->max_size : 8;
}

static uint64_t window_read(void *opaque, uint64_t off, unsigned size)
{
    GPEXWindow *w = opaque;
    uint64_t boff;
    const PCIBar *b = pci_bus_find_bar(&w->h->bus, w->io, w->bus_base + off, &boff);
    if (!b) {
        log_mask(LOG_GUEST_ERROR, "pci: %s read at bus address %#llx decodes to no BAR\n",
                 w->io ? "io" : "memory", (unsigned long long)(w->bus_base + off));
        return ~0ull >> (64 - 8 * size);
    }
    if (size > bar_max(b)) {
        unsigned h = size / 2;
        return window_read(w, off, h) | window_read(w, off + h, h) << (8 * h);
    }
    return b->ops->read(b->opaque, boff, size);
}

static void window_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    GPEXWindow *w = opaque;
    uint64_t boff;
    const PCIBar *b = pci_bus_find_bar(&w->h->bus, w->io, w->bus_base + off, &boff);
    if (!b) {
        log_mask(LOG_GUEST_ERROR, "pci: %s write at bus address %#llx decodes to no BAR\n",
                 w->io ? "io" : "memory", (unsigned long long)(w->bus_base + off));
        return;
    }
    if (size > bar_max(b)) {
        unsigned h = size / 2;
        window_write(w, off, val & (~0ull >> (64 - 8 * h)), h);
        window_write(w, off + h, val >> (8 * h), h);
        return;
    }
    b->ops->write(b->opaque, boff, val, size);
}

static const MemoryRegionOps window_ops = {
    .read = window_read, .write = window_write, .min_size = 1, .max_size = 8,
};

/* The four host lines are the OR of every function's pins swizzled onto them. */
static void gpex_set_intx(void *opaque, int devfn, int pin, int level)
{
    GPEXHost *h = opaque;
    if (level)
        h->intx_pins[devfn] |= 1u << pin;
    else
        h->intx_pins[devfn] &= ~(1u << pin);
    int line = ((devfn >> 3) + pin) & 3;
    int up = 0;
    for (int i = 0; i < 256 && !up; i++)
        for (int p = 0; p < 4; p++)
            if ((h->intx_pins[i] & (1u << p)) && (((i >> 3) + p) & 3) == line)
                up = 1;
    irq_set(&h->cfg.intx[line], up);
}

static void gpex_window(GPEXHost *h, int i, const char *name, uint64_t base, uint64_t size,
                        bool io)
{
    if (!size)
        return;
    if (io && h->cfg.pio_ports) {
        gpex_windows[i] = (GPEXWindow){ h, io, base };
        io_map(name, (uint32_t)base, (uint32_t)size, &window_ops, &gpex_windows[i]);
        return;
    }
    gpex_windows[i] = (GPEXWindow){ h, io, io ? 0 : base };
    mem_map_mmio(name, base, size, &window_ops, &gpex_windows[i]);
}

GPEXHost *gpex_create(const GPEXConfig *cfg)
{
    GPEXHost *h = trix_malloc0(sizeof(*h));
    h->cfg = *cfg;
    pci_bus_init(&h->bus, gpex_set_intx, h);
    if (cfg->ecam_size)
        mem_map_mmio("pcie-ecam", cfg->ecam_base, cfg->ecam_size, &ecam_ops, h);
    gpex_window(h, 0, "pcie-mmio", cfg->mmio_base, cfg->mmio_size, false);
    gpex_window(h, 1, "pcie-mmio-high", cfg->mmio_high_base, cfg->mmio_high_size, false);
    gpex_window(h, 2, "pcie-pio", cfg->pio_base, cfg->pio_size, true);
    /* 1b36:0008, class host bridge: what guests see on QEMU's gpex */
    pci_device_init(&h->bridge, "gpex-root", 0x1b36, 0x0008, 0, 0x060000);
    pci_bus_plug_at(&h->bus, &h->bridge, PCI_DEVFN(0, 0));
    h->bus.next_slot = 1;
    pci_set_default_bus(&h->bus);
    return h;
}

PCIBus *gpex_bus(GPEXHost *h)
{
    return &h->bus;
}

static void gpex_fdt_ranges(GPEXHost *h, void *fdt, int n)
{
    const GPEXConfig *c = &h->cfg;
    uint32_t r[21];
    int k = 0;
    #define RANGE(flags, bus, cpu, size) do { \
        r[k++] = (flags); r[k++] = (uint32_t)((uint64_t)(bus) >> 32); r[k++] = (uint32_t)(bus); \
        r[k++] = (uint32_t)((uint64_t)(cpu) >> 32); r[k++] = (uint32_t)(cpu); \
        r[k++] = (uint32_t)((uint64_t)(size) >> 32); r[k++] = (uint32_t)(size); } while (0)
    if (c->pio_size)
        RANGE(0x01000000, 0, c->pio_base, c->pio_size);
    RANGE(0x02000000, c->mmio_base, c->mmio_base, c->mmio_size);
    if (c->mmio_high_size)
        RANGE(0x03000000, c->mmio_high_base, c->mmio_high_base, c->mmio_high_size);
    #undef RANGE
    dt_prop_cells(fdt, n, "ranges", r, k);
}

/* interrupt-map: slots 0..3 x pins INTA..INTD, the pattern repeating every 4 slots (mask). */
static void gpex_fdt_irqmap(GPEXHost *h, void *fdt, int n, uint32_t intc)
{
    const GPEXConfig *c = &h->cfg;
    uint32_t map[16 * 10], mask[4] = { 0x1800, 0, 0, 7 };
    int k = 0;
    for (int slot = 0; slot < 4; slot++) {
        for (int pin = 0; pin < 4; pin++) {
            map[k++] = slot << 11;
            map[k++] = 0;
            map[k++] = 0;
            map[k++] = pin + 1;
            map[k++] = intc;
            int x = (slot + pin) & 3;
            for (int a = 0; a < c->intc_addr_cells; a++)
                map[k++] = 0;
            if (!c->intx_ncells)
                map[k++] = c->intx_num[x];
            for (int i = 0; i < c->intx_ncells; i++)
                map[k++] = c->intx_spec[x][i];
        }
    }
    dt_prop_cells(fdt, n, "interrupt-map-mask", mask, 4);
    dt_prop_cells(fdt, n, "interrupt-map", map, k);
}

void gpex_fdt(GPEXHost *h, void *fdt, const char *parent_path, uint32_t intc_phandle)
{
    const GPEXConfig *c = &h->cfg;
    int n = c->fdt_name ? dt_node(fdt, dt_path(fdt, parent_path), c->fdt_name)
                        : dt_node_fmt(fdt, dt_path(fdt, parent_path), "pci@%llx",
                                      (unsigned long long)c->ecam_base);
    dt_prop_u32(fdt, n, "#address-cells", 3);
    dt_prop_u32(fdt, n, "#size-cells", 2);
    dt_prop_u32(fdt, n, "#interrupt-cells", 1);
    dt_prop_str(fdt, n, "compatible", "pci-host-ecam-generic");
    dt_prop_str(fdt, n, "device_type", "pci");
    dt_prop_u32(fdt, n, "linux,pci-domain", 0);
    uint32_t busr[2] = { 0, (uint32_t)(c->ecam_size >> 20) - 1 };
    dt_prop_cells(fdt, n, "bus-range", busr, 2);
    dt_prop_empty(fdt, n, "dma-coherent");
    uint64_t reg[2] = { c->ecam_base, c->ecam_size };
    dt_prop_reg2(fdt, n, reg, 1);
    gpex_fdt_ranges(h, fdt, n);
    gpex_fdt_irqmap(h, fdt, n, intc_phandle);
}
