/* The generic PCIe host bridge ("pci-host-ecam-generic", QEMU's gpex): ECAM, MMIO and PIO windows. */
#ifndef TRIX_HW_PCI_GPEX_H
#define TRIX_HW_PCI_GPEX_H

#include "hw/pci/pci.h"

/* Where the board puts the windows (CPU addresses). Memory windows are identity-mapped to bus
 * addresses; the PIO window maps to bus I/O address 0, or with pio_ports (x86) it is the
 * ports [pio_base, pio_base + pio_size) of the I/O space, identity-mapped. mmio_high_size 0:
 * none; ecam_size 0: no ECAM (x86 pc reaches config space through ports 0xcf8/0xcfc). */
typedef struct GPEXConfig {
    uint64_t ecam_base, ecam_size;
    uint64_t mmio_base, mmio_size;
    uint64_t mmio_high_base, mmio_high_size;
    uint64_t pio_base, pio_size;
    bool pio_ports;
    IRQ intx[4];                        /* INTA..INTD after the swizzle, e.g. PLIC 32..35 */
    int intx_num[4];                    /* their numbers at the interrupt controller (fdt) */
    /* Controllers with #address-cells / #interrupt-cells > 0 / > 1 (the GIC: 2 and 3):
     * intx_ncells 0 means 0 and 1, using intx_num; else intx_spec[i] is INTx i's specifier. */
    int intc_addr_cells, intx_ncells;
    uint32_t intx_spec[4][3];
    const char *fdt_name;               /* node name; NULL: "pci@<ecam_base>" */
} GPEXConfig;

typedef struct GPEXHost GPEXHost;

/* Map the windows, create bus 0 with the host bridge function at 00.0, and make it the
 * machine's default PCI bus. */
GPEXHost *gpex_create(const GPEXConfig *cfg);
PCIBus *gpex_bus(GPEXHost *h);
/* The pci@ECAM node under parent_path, interrupt-map through intc_phandle (1 interrupt cell). */
void gpex_fdt(GPEXHost *h, void *fdt, const char *parent_path, uint32_t intc_phandle);

#endif
