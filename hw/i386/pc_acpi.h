/* pc's ACPI: FADT with PM1 at 0x600 and the SCI, FACS, MADT, HPET, and a DSDT with PCI0 (_CRS, _PRT) and the ISA devices. */
#ifndef TRIX_HW_I386_PC_ACPI_H
#define TRIX_HW_I386_PC_ACPI_H

#include "hw/i386/x86_board.h"

typedef struct PcAcpiConfig {
    bool com2;
    int sci;
} PcAcpiConfig;

/* Write the tables into the BIOS area and set xm->rsdp. */
void pc_acpi_build(X86Machine *xm, const PcAcpiConfig *c);

#endif
