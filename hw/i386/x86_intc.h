/* x86 interrupt wiring: a local APIC per vCPU, IOAPICs, the optional 8259 pair, the GSI lines of X86Machine. */
#ifndef TRIX_HW_I386_X86_INTC_H
#define TRIX_HW_I386_X86_INTC_H

#include "hw/i386/x86_board.h"
#include "hw/intc/apic.h"
#include "hw/intc/ioapic.h"
#include "hw/intc/i8259.h"

#define X86_IOAPIC2_BASE 0xfec10000ull

typedef struct X86Intc {
    APICBus *bus;
    APICState *apic[MACHINE_MAX_CPUS];
    IOAPICState *ioapic[2];
    int nioapic;
    int ioapic_id;
    I8259State *pic;                    /* NULL without pic */
    int gsi_level[X86_MAX_GSI];
} X86Intc;

/*
 * Create the APICs (one per vCPU of xm->ms, APIC id = vCPU index), nioapic IOAPICs (1 or 2:
 * GSIs 0-23, 24-47; IOAPIC ids ioapic_id, ioapic_id + 1) and,
 * with pic, the 8259 pair on the BSP's LINT0; then set xm->gsi[]: GSI n drives IOAPIC pin n
 * (ISA IRQ 0 drives pin 2, the MADT's override) and, for n < 16, the 8259's IRQ n.
 */
X86Intc *x86_intc_create(X86Machine *xm, int nioapic, int ioapic_id, bool pic);
void x86_intc_reset(X86Intc *ic);

#endif
