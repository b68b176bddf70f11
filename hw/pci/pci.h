/* PCI: the configuration-space model (BARs, capabilities, INTx) and a bus of functions. */
#ifndef TRIX_HW_PCI_H
#define TRIX_HW_PCI_H

/*
 * A PCIDevice is one function: 4 KiB of config space with per-byte write and write-1-to-clear
 * masks, up to six BARs, a capability list, an INTx pin. Its BARs are not mapped into the
 * machine's memory map one by one: the host bridge maps whole windows and asks the bus which
 * BAR decodes an address (pci_bus_find_bar), so the guest can move BARs freely. Everything is
 * called with hw_lock held.
 */

#include "trix/hw.h"

#define PCI_CONFIG_SIZE   4096
#define PCI_NUM_BARS      6
#define PCI_DEVFN(slot, fn) (((slot) << 3) | (fn))

enum {
    PCI_VENDOR_ID = 0x00, PCI_DEVICE_ID = 0x02, PCI_COMMAND = 0x04, PCI_STATUS = 0x06,
    PCI_REVISION_ID = 0x08, PCI_CLASS_PROG = 0x09, PCI_CLASS_DEVICE = 0x0a,
    PCI_HEADER_TYPE = 0x0e, PCI_BAR0 = 0x10, PCI_SUBSYSTEM_VENDOR_ID = 0x2c,
    PCI_SUBSYSTEM_ID = 0x2e, PCI_CAPABILITY_LIST = 0x34, PCI_INTERRUPT_LINE = 0x3c,
    PCI_INTERRUPT_PIN = 0x3d,
};
enum {
    PCI_COMMAND_IO = 1, PCI_COMMAND_MEMORY = 2, PCI_COMMAND_MASTER = 4,
    PCI_COMMAND_INTX_DISABLE = 0x400,
    PCI_STATUS_INTERRUPT = 0x08, PCI_STATUS_CAP_LIST = 0x10,
};
enum { PCI_CAP_ID_VNDR = 0x09, PCI_CAP_ID_MSIX = 0x11 };

/* BAR kinds (the low bits of the BAR register). */
enum {
    PCI_BAR_IO = 1, PCI_BAR_MEM32 = 0, PCI_BAR_MEM64 = 4, PCI_BAR_PREFETCH = 8,
};

typedef struct PCIBus PCIBus;
typedef struct PCIDevice PCIDevice;

typedef struct PCIBar {
    uint64_t size;                      /* power of 2 (>= 16; IO >= 4); 0: not implemented */
    unsigned kind;                      /* PCI_BAR_* */
    const MemoryRegionOps *ops;
    void *opaque;
} PCIBar;

struct PCIDevice {
    const char *name;
    PCIBus *bus;
    int devfn;
    uint8_t config[PCI_CONFIG_SIZE];
    uint8_t wmask[PCI_CONFIG_SIZE];     /* guest-writable bits */
    uint8_t w1cmask[PCI_CONFIG_SIZE];   /* write-1-to-clear bits */
    PCIBar bar[PCI_NUM_BARS];
    int intx_level;                     /* what the device asserts (before INTX_DISABLE) */
    uint8_t cap_end;                    /* next free config offset for a capability */
    /* Optional: after the generic config write (e.g. MSI-X enable changed). */
    void (*config_written)(PCIDevice *d, uint32_t addr, unsigned len);
    void (*reset)(PCIDevice *d);        /* optional: device part of a bus reset */
    void *opaque;
};

/* The bus: functions by devfn, and the host's INTx router (slot, pin 0..3 = INTA..D). */
struct PCIBus {
    PCIDevice *devs[256];
    void (*set_intx)(void *opaque, int devfn, int pin, int level);
    void *intx_opaque;
    int next_slot;                      /* where pci_bus_plug puts the next device */
};

/* Identity and header type 0. class_code is the 24-bit class/subclass/prog-if. */
void pci_device_init(PCIDevice *d, const char *name, uint16_t vendor, uint16_t device,
                     uint8_t revision, uint32_t class_code);
void pci_set_subsystem(PCIDevice *d, uint16_t vendor, uint16_t id);
void pci_set_intx_pin(PCIDevice *d, int pin);          /* 1 = INTA ... 4; 0: none */
/* BAR n (a MEM64 one uses n and n+1) of `size` bytes served by ops/opaque (offsets within). */
void pci_register_bar(PCIDevice *d, int n, unsigned kind, uint64_t size,
                      const MemoryRegionOps *ops, void *opaque);
/* Append a capability of `len` bytes (id, next filled in); returns its config offset. */
uint8_t pci_add_capability(PCIDevice *d, uint8_t id, uint8_t len);
/* The BAR's current guest-programmed address (bus address), or UINT64_MAX if unassigned or
 * decoding is off in the command register. */
uint64_t pci_bar_address(const PCIDevice *d, int n);

uint32_t pci_config_read(PCIDevice *d, uint32_t addr, unsigned len);
void pci_config_write(PCIDevice *d, uint32_t addr, uint32_t val, unsigned len);
/* Assert / deassert the function's INTx pin. */
void pci_set_irq(PCIDevice *d, int level);
/* Bus master enabled (may the device do DMA / send MSIs)? */
bool pci_bus_master(const PCIDevice *d);

/* ---- the bus ---- */
void pci_bus_init(PCIBus *bus, void (*set_intx)(void *, int, int, int), void *opaque);
/* Put d at the next free slot (function 0); fatal when the bus is full. */
void pci_bus_plug(PCIBus *bus, PCIDevice *d);
void pci_bus_plug_at(PCIBus *bus, PCIDevice *d, int devfn);
/* The BAR of any function decoding bus address addr (memory or io space), with the offset. */
const PCIBar *pci_bus_find_bar(PCIBus *bus, bool io, uint64_t addr, uint64_t *offset);
void pci_bus_reset(PCIBus *bus);
/* The machine's PCI bus (set by the host bridge), or NULL. */
PCIBus *pci_default_bus(void);
void pci_set_default_bus(PCIBus *bus);

#endif
