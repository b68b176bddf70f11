/* The Intel MultiProcessor Specification 1.4 table, for kernels booted without ACPI. */
#ifndef TRIX_HW_I386_MPTABLE_H
#define TRIX_HW_I386_MPTABLE_H

#include "hw/i386/x86_board.h"

#define MPTABLE_ADDR X86_LOW_RAM_END    /* the last KiB of base memory, where Linux looks */

/* Write the floating pointer and configuration table: every vCPU, the ISA bus, one IOAPIC
 * (id ioapic_id) with ISA IRQ n on pin n (IRQ 0 on pin 2; with pic, the 8259 as ExtINT on
 * pin 0), ExtINT on LINT0 and NMI on LINT1. Sets xm->mptable. */
void mptable_build(X86Machine *xm, int ioapic_id, bool pic);

#endif
