/* The ACPI Generic Event Device of hardware-reduced ACPI (microvm): power button event, sleep and reset registers. */
#ifndef TRIX_HW_ACPI_GED_H
#define TRIX_HW_ACPI_GED_H

#include "trix/hw.h"

/* QEMU's layout: the event selector at base (32-bit, read-to-clear), the sleep control,
 * sleep status and reset registers at base + 0x200 (bytes). */
#define GED_MMIO_SIZE 0x300
#define GED_REGS 0x200
enum { GED_SLEEP_CTL = 0, GED_SLEEP_STS = 1, GED_RESET = 2 };
#define GED_EVT_PWR_DOWN 2              /* the selector bit the DSDT's _EVT turns into PWRB */
#define GED_SLP_TYP_S5 5
#define GED_SLP_EN 0x20
#define GED_RESET_VALUE 0x42

typedef struct GEDState GEDState;

/* Map at base; irq is the GSI the DSDT's _CRS names. */
GEDState *ged_create(uint64_t base, IRQ irq);
/* system_powerdown: set the power-down event and pulse the interrupt. */
void ged_power_button(GEDState *s);
void ged_reset(GEDState *s);
uint64_t ged_read(void *opaque, uint64_t offset, unsigned size);
void ged_write(void *opaque, uint64_t offset, uint64_t val, unsigned size);

#endif
