/* Arm PL031 RTC: DR/MR/LR/CR, the match interrupt via a virtual-clock timer, PrimeCell IDs. */
#include "hw/rtc/pl031.h"
#include "hw/core/primecell.h"

enum {
    RTCDR = 0x00, RTCMR = 0x04, RTCLR = 0x08, RTCCR = 0x0c, RTCIMSC = 0x10, RTCRIS = 0x14,
    RTCMIS = 0x18, RTCICR = 0x1c,
};
#define NS_PER_S 1000000000ll

static const uint8_t pl031_id[4] = { 0x31, 0x10, 0x14, 0x00 };

static uint32_t pl031_now(PL031State *s)
{
    return (uint32_t)(clock_rtc_ns() / NS_PER_S + s->offset_s);
}

static void pl031_update(PL031State *s)
{
    irq_set(&s->irq, (s->ris & s->imsc & 1) != 0);
}

static void pl031_arm(PL031State *s)
{
    uint32_t delta = s->mr - pl031_now(s);      /* wraps like the counter */
    timer_mod(s->timer, clock_ns() + (int64_t)delta * NS_PER_S);
}

static void pl031_alarm(void *opaque)
{
    PL031State *s = opaque;
    if (pl031_now(s) == s->mr) {
        s->ris |= 1;
        pl031_update(s);
    } else {
        pl031_arm(s);                   /* the wall clock moved: aim again */
    }
}

uint64_t pl031_read(void *opaque, uint64_t off, unsigned size)
{
    PL031State *s = opaque;
    switch (off) {
    case RTCDR: return pl031_now(s);
    case RTCMR: return s->mr;
    case RTCLR: return pl031_now(s);
    case RTCCR: return 1;               /* always running */
    case RTCIMSC: return s->imsc;
    case RTCRIS: return s->ris;
    case RTCMIS: return s->ris & s->imsc;
    default: return primecell_id_read(pl031_id, off);
    }
}

void pl031_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    PL031State *s = opaque;
    uint32_t v = (uint32_t)val;
    switch (off) {
    case RTCMR: s->mr = v; pl031_arm(s); break;
    case RTCLR: s->offset_s = (int64_t)v - clock_rtc_ns() / NS_PER_S; pl031_arm(s); break;
    case RTCIMSC: s->imsc = v & 1; break;
    case RTCICR: s->ris &= ~v; break;
    default: return;
    }
    pl031_update(s);
}

static const MemoryRegionOps pl031_ops = {
    .read = pl031_read, .write = pl031_write, .min_size = 4, .max_size = 4,
};

PL031State *pl031_new(IRQ irq)
{
    PL031State *s = trix_malloc0(sizeof(*s));
    s->irq = irq;
    s->timer = timer_new(pl031_alarm, s);
    return s;
}

PL031State *pl031_create(uint64_t base, IRQ irq)
{
    PL031State *s = pl031_new(irq);
    mem_map_mmio("pl031", base, PRIMECELL_SIZE, &pl031_ops, s);
    return s;
}
