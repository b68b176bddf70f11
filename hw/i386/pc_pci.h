/* The pc's PCI host: configuration mechanism #1 (0xcf8/0xcfc), the reset control register 0xcf9, BAR windows. */
#ifndef TRIX_HW_I386_PC_PCI_H
#define TRIX_HW_I386_PC_PCI_H

#include "hw/pci/gpex.h"

#define PC_PCI_MMIO 0xe0000000ull           /* 32-bit BARs: [0xe0000000, 0xfec00000) */
#define PC_PCI_MMIO_END 0xfec00000ull
#define PC_PCI_PIO 0xc000u                  /* I/O BARs: ports 0xc000-0xffff */
#define PC_PCI_PIO_SIZE 0x4000u
#define PC_PCI_GSI 16                       /* INTA..INTD (after the swizzle) on GSI 16-19 */

/* The host (bus 0 with the host bridge at 00.0) with INTx lines intx[0..3] and ports
 * 0xcf8-0xcff mapped. */
GPEXHost *pc_pci_create(const IRQ *intx);

#endif
