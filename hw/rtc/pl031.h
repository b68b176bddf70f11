/* Arm PL031 real-time clock (PrimeCell): seconds counter from the host clock, match interrupt. */
#ifndef TRIX_HW_PL031_H
#define TRIX_HW_PL031_H

#include "trix/hw.h"

typedef struct PL031State {
    IRQ irq;
    int64_t offset_s;                   /* DR = host seconds + offset_s */
    uint32_t mr, imsc, ris;
    HWTimer *timer;
} PL031State;

PL031State *pl031_create(uint64_t base, IRQ irq);
PL031State *pl031_new(IRQ irq);         /* unmapped (tests) */
uint64_t pl031_read(void *opaque, uint64_t offset, unsigned size);
void pl031_write(void *opaque, uint64_t offset, uint64_t val, unsigned size);

#endif
