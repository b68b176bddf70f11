/* pc PCI: CONFIG_ADDRESS at 0xcf8 (dword), CONFIG_DATA at 0xcfc-0xcff, the reset control byte at 0xcf9, gpex windows. */
#include "hw/i386/pc_pci.h"
#include "trix/ioport.h"
#include "trix/machine.h"

typedef struct PCPCIHost {
    GPEXHost *gpex;
    uint32_t addr;                          /* CONFIG_ADDRESS */
    uint8_t rcr;                            /* reset control register */
} PCPCIHost;

enum { CFG_ENABLE = 1u << 31, RCR_SYS_RST = 2, RCR_RST_CPU = 4 };

/* The function the address register selects (bus 0 only), or NULL. */
static PCIDevice *cfg_dev(PCPCIHost *h)
{
    if (!(h->addr & CFG_ENABLE) || ((h->addr >> 16) & 0xff))
        return NULL;
    return gpex_bus(h->gpex)->devs[(h->addr >> 8) & 0xff];
}

static uint64_t cfg_read(void *opaque, uint64_t off, unsigned size)
{
    PCPCIHost *h = opaque;
    if (off < 4) {
        if (off == 0 && size == 4)
            return h->addr;
        return off == 1 && size == 1 ? h->rcr : ~0ull >> (64 - 8 * size);
    }
    PCIDevice *d = cfg_dev(h);
    uint32_t reg = (h->addr & 0xfc) | (uint32_t)(off & 3);
    if (!d || (off & 3) + size > 4)
        return ~0ull >> (64 - 8 * size);
    return pci_config_read(d, reg, size);
}

static void cfg_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    PCPCIHost *h = opaque;
    if (off < 4) {
        if (off == 0 && size == 4) {
            h->addr = (uint32_t)val & 0x80fffffcu;
        } else if (off == 1 && size == 1) {
            if ((val & RCR_RST_CPU) && !(h->rcr & RCR_RST_CPU))
                machine_guest_reset();
            h->rcr = (uint8_t)(val & RCR_SYS_RST);
        }
        return;
    }
    PCIDevice *d = cfg_dev(h);
    if (d && (off & 3) + size <= 4)
        pci_config_write(d, (h->addr & 0xfc) | (uint32_t)(off & 3), (uint32_t)val, size);
}

static const MemoryRegionOps cfg_ops = {
    .read = cfg_read, .write = cfg_write, .min_size = 1, .max_size = 4,
};

GPEXHost *pc_pci_create(const IRQ *intx)
{
    GPEXConfig c = {
        .mmio_base = PC_PCI_MMIO, .mmio_size = PC_PCI_MMIO_END - PC_PCI_MMIO,
        .pio_base = PC_PCI_PIO, .pio_size = PC_PCI_PIO_SIZE, .pio_ports = true,
    };
    for (int i = 0; i < 4; i++) {
        c.intx[i] = intx[i];
        c.intx_num[i] = PC_PCI_GSI + i;
    }
    PCPCIHost *h = trix_malloc0(sizeof(*h));
    h->gpex = gpex_create(&c);
    io_map("pci-conf", 0xcf8, 8, &cfg_ops, h);
    return h->gpex;
}
