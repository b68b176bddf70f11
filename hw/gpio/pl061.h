/* Arm PL061 GPIO (PrimeCell): 8 lines, address-masked data, edge/level interrupts. */
#ifndef TRIX_HW_PL061_H
#define TRIX_HW_PL061_H

#include "trix/hw.h"

typedef struct PL061State {
    IRQ irq;
    uint8_t data, in, dir, is, ibe, iev, ie, ris, afsel;
    int irq_level;
} PL061State;

PL061State *pl061_create(uint64_t base, IRQ irq);
PL061State *pl061_new(IRQ irq);         /* unmapped (tests) */
void pl061_reset(PL061State *s);
uint64_t pl061_read(void *opaque, uint64_t offset, unsigned size);
void pl061_write(void *opaque, uint64_t offset, uint64_t val, unsigned size);
/* Drive input line `line` (0..7) from outside, e.g. the power key. */
void pl061_set_input(PL061State *s, int line, int level);

#endif
