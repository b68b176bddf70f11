/* I/O APIC (82093AA-style, version 0x20): 24 redirection entries, level/edge, remote IRR, EOI. */
#ifndef TRIX_HW_IOAPIC_H
#define TRIX_HW_IOAPIC_H
/*
 * Input pins are GSIs 0..23 (the board routes ISA IRQ 0 to pin 2 and states that in the
 * MADT's interrupt source override, as QEMU's pc/microvm do). A pin's entry turns an
 * input into an APICMsg on the bus; level-triggered entries hold remote IRR until the
 * local APIC's EOI (broadcast through the bus) or a write to the EOI register (0x40).
 */
#include "trix/hw.h"
#include "hw/intc/apic.h"

#define IOAPIC_DEFAULT_BASE 0xfec00000ull
#define IOAPIC_MMIO_SIZE 0x1000ull
#define IOAPIC_NUM_PINS 24
#define IOAPIC_VERSION 0x20

typedef struct IOAPICState IOAPICState;

/* Map the IOAPIC at base with IOAPIC id `id`, delivering to bus (and listening for its EOIs). */
IOAPICState *ioapic_create(uint64_t base, APICBus *bus, int id);
IOAPICState *ioapic_new(APICBus *bus, int id);      /* unmapped (tests) */
/* The input line of pin 0..IOAPIC_NUM_PINS-1. Levels mean "asserted" (as QEMU models PCI's
 * active-low lines too): the polarity bit is kept but not applied. */
IRQ ioapic_input(IOAPICState *s, int pin);
/* MMIO: IOREGSEL at 0x00, IOWIN at 0x10, EOI at 0x40 (32-bit accesses). */
uint64_t ioapic_read(void *opaque, uint64_t offset, unsigned size);
void ioapic_write(void *opaque, uint64_t offset, uint64_t val, unsigned size);
/* Machine reset: every entry masked, edge, vector 0; input levels kept. */
void ioapic_reset(IOAPICState *s);
/* The redirection entry of pin (tests, `info ioapic`). */
uint64_t ioapic_entry(IOAPICState *s, int pin);

#endif
