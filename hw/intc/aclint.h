/* RISC-V ACLINT in the SiFive CLINT layout: MSIP per hart, mtimecmp per hart, one mtime. */
#ifndef TRIX_HW_ACLINT_H
#define TRIX_HW_ACLINT_H

#include "trix/hw.h"

#define ACLINT_SIZE 0x10000
#define ACLINT_TIMEBASE_HZ 10000000     /* mtime ticks per second: clock_ns() / 100 */
#define ACLINT_MAX_HARTS 4095

typedef struct ACLINTHart {
    IRQ mtip, msip;                     /* into the hart's mip.MTIP / mip.MSIP */
    uint64_t mtimecmp;
    uint32_t msip_val;
    int mtip_level;
    HWTimer *timer;
    struct ACLINTState *owner;
} ACLINTHart;

typedef struct ACLINTState {
    int nharts;
    uint64_t mtime_offset;              /* mtime = clock_ns() / 100 + mtime_offset (mod 2^64) */
    struct ACLINTHart *harts;
} ACLINTState;

/* Map the CLINT at base for nharts; mtip[i]/msip[i] are hart i's interrupt lines. */
ACLINTState *aclint_create(uint64_t base, int nharts, const IRQ *mtip, const IRQ *msip);
ACLINTState *aclint_new(int nharts, const IRQ *mtip, const IRQ *msip);     /* unmapped (tests) */
uint64_t aclint_read(void *opaque, uint64_t offset, unsigned size);
void aclint_write(void *opaque, uint64_t offset, uint64_t val, unsigned size);
uint64_t aclint_mtime(ACLINTState *s);
/* Machine reset: MSIP clear, mtimecmp all-ones, mtime keeps counting. */
void aclint_reset(ACLINTState *s);
/* Re-evaluate every hart's MTIP (after a timer fired, or for tests). */
void aclint_update(ACLINTState *s);
/* Node under parent_path; hart_intc[i] is the phandle of hart i's interrupt controller. */
void aclint_fdt(void *fdt, const char *parent_path, uint64_t base, int nharts,
                const uint32_t *hart_intc);

#endif
