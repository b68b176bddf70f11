/* AMBA PrimeCell pieces shared by the PL0xx devices: the ID registers and the device-tree node. */
#ifndef TRIX_HW_PRIMECELL_H
#define TRIX_HW_PRIMECELL_H

#include "trix/common.h"

#define PRIMECELL_SIZE 0x1000ull
#define PRIMECELL_ID_BASE 0xfe0

/* Read of PeriphID0..3 / PCellID0..3 (offset 0xfe0..0xffc) for the part's 4 PeriphID bytes. */
uint32_t primecell_id_read(const uint8_t periph_id[4], uint64_t offset);
/* "<name>@<base>" under the root: compatible "<compat>", "arm,primecell", reg, one SPI
 * interrupt (level, `irq_flags` = 4), the apb_pclk clock (plus uartclk when `uartclk`).
 * Returns the node offset (valid until the next node is added). */
int primecell_fdt(void *fdt, const char *name, const char *compat, uint64_t base, int spi,
                  uint32_t clock_phandle, bool uartclk);

#endif
