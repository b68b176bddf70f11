/* HPET at 0xfed00000: 64-bit main counter (100 MHz), 3 comparators, legacy replacement route. */
#ifndef TRIX_HW_HPET_H
#define TRIX_HW_HPET_H
/*
 * The counter runs from the virtual clock while ENABLE_CNF is set. Each comparator is
 * one-shot or periodic (timers 0 and 1 periodic-capable, all 64-bit capable), edge or level,
 * routed to an IOAPIC pin from its Tn_INT_ROUTE_CAP, or (FSB delivery) not supported.
 * With LEG_RT_CNF, timer 0 drives ISA IRQ 0 and timer 1 ISA IRQ 8, and the PIT's and the
 * RTC's own outputs (passed through hpet_legacy_input) are cut off, as on a real chipset.
 *
 * A board with an HPET: PIT output -> hpet_legacy_input(h, 0), RTC output ->
 * hpet_legacy_input(h, 1); isa[0] and isa[8] are what those would otherwise drive.
 */
#include "trix/hw.h"

#define HPET_DEFAULT_BASE 0xfed00000ull
#define HPET_MMIO_SIZE 0x400ull
#define HPET_NUM_TIMERS 3
#define HPET_HZ 100000000ull                    /* 10 ns per tick, as QEMU's */
#define HPET_ROUTE_CAP 0x00f00000u              /* IOAPIC pins 20..23 */

typedef struct HPETState HPETState;

/* Map at base. isa[16]: the ISA IRQ lines (the board routes them to the PIC and IOAPIC);
 * gsi[24]: the IOAPIC pins a comparator may be routed to (entries may be unset). */
HPETState *hpet_create(uint64_t base, const IRQ *isa, const IRQ *gsi);
HPETState *hpet_new(const IRQ *isa, const IRQ *gsi);    /* unmapped (tests) */
/* Where the PIT (n = 0) and the RTC (n = 1) outputs enter: forwarded to isa[0] / isa[8]
 * unless legacy replacement is on. */
IRQ hpet_legacy_input(HPETState *s, int n);
uint64_t hpet_read(void *opaque, uint64_t offset, unsigned size);
void hpet_write(void *opaque, uint64_t offset, uint64_t val, unsigned size);
/* Machine reset: halted, counter 0, comparators disabled, legacy route off. */
void hpet_reset(HPETState *s);

#endif
