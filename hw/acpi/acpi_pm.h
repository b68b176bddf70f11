/* ACPI fixed hardware on port I/O (pc): PM1a event/control blocks, the PM timer, the fixed power button, SCI. */
#ifndef TRIX_HW_ACPI_PM_H
#define TRIX_HW_ACPI_PM_H

#include "trix/hw.h"

/* QEMU's PIIX4 ports: PM1a_EVT 0x600 (status, enable), PM1a_CNT 0x604, PM_TMR 0x608. */
#define ACPI_PM_BASE 0x600
#define ACPI_PM1_EVT (ACPI_PM_BASE + 0)
#define ACPI_PM1_CNT (ACPI_PM_BASE + 4)
#define ACPI_PM_TMR (ACPI_PM_BASE + 8)
#define ACPI_PM_SIZE 12
#define ACPI_PM_TIMER_HZ 3579545ull
#define ACPI_PM_SLP_TYP_S5 0            /* the DSDT's \_S5 value, as PIIX4's soft-off */
enum { PM1_TMR_STS = 1, PM1_PWRBTN_STS = 1 << 8, PM1_WAK_STS = 1 << 15 };
enum { PM1_SCI_EN = 1, PM1_SLP_EN = 1 << 13 };
/* Enable bits kept (TMR, GBL, PWRBTN, SLPBTN, RTC): ACPICA checks that they read back. */
#define PM1_EN_BITS 0x0721

typedef struct ACPIPMState ACPIPMState;

/* Map the blocks; sci is the SCI's GSI line (level, active high). */
ACPIPMState *acpi_pm_create(IRQ sci);
void acpi_pm_power_button(ACPIPMState *s);
void acpi_pm_reset(ACPIPMState *s);
uint32_t acpi_pm_read(ACPIPMState *s, uint32_t offset, unsigned size);
void acpi_pm_write(ACPIPMState *s, uint32_t offset, uint32_t val, unsigned size);

#endif
