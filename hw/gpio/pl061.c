/* Arm PL061 GPIO: data through the address mask, direction, interrupt sense/edges/mask/clear, IDs. */
#include "hw/gpio/pl061.h"
#include "hw/core/primecell.h"

enum {
    GPIODIR = 0x400, GPIOIS = 0x404, GPIOIBE = 0x408, GPIOIEV = 0x40c, GPIOIE = 0x410,
    GPIORIS = 0x414, GPIOMIS = 0x418, GPIOIC = 0x41c, GPIOAFSEL = 0x420,
};

static const uint8_t pl061_id[4] = { 0x61, 0x10, 0x04, 0x00 };

/* What the pins read: outputs from data, inputs from outside. */
static uint8_t pl061_pins(PL061State *s)
{
    return (uint8_t)((s->data & s->dir) | (s->in & ~s->dir));
}

static void pl061_update(PL061State *s)
{
    /* Level-sensitive lines follow the pins (high or low per IEV). */
    uint8_t pins = pl061_pins(s);
    uint8_t lvl = (uint8_t)(s->is & ~(pins ^ s->iev));
    s->ris = (uint8_t)((s->ris & ~s->is) | lvl);
    int level = (s->ris & s->ie) != 0;
    if (level != s->irq_level) {
        s->irq_level = level;
        irq_set(&s->irq, level);
    }
}

static void pl061_edges(PL061State *s, uint8_t old)
{
    uint8_t now = pl061_pins(s), changed = (uint8_t)(old ^ now);
    uint8_t edge = (uint8_t)(changed & ~s->is);
    uint8_t hit = (uint8_t)((edge & s->ibe) | (edge & ~s->ibe & ~(now ^ s->iev)));
    s->ris |= hit;
    pl061_update(s);
}

uint64_t pl061_read(void *opaque, uint64_t off, unsigned size)
{
    PL061State *s = opaque;
    if (off < 0x400)
        return pl061_pins(s) & ((off >> 2) & 0xff);
    switch (off) {
    case GPIODIR: return s->dir;
    case GPIOIS: return s->is;
    case GPIOIBE: return s->ibe;
    case GPIOIEV: return s->iev;
    case GPIOIE: return s->ie;
    case GPIORIS: return s->ris;
    case GPIOMIS: return s->ris & s->ie;
    case GPIOAFSEL: return s->afsel;
    default: return primecell_id_read(pl061_id, off);
    }
}

void pl061_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    PL061State *s = opaque;
    uint8_t v = (uint8_t)val, old = pl061_pins(s);
    if (off < 0x400) {
        uint8_t mask = (uint8_t)((off >> 2) & 0xff);
        s->data = (uint8_t)((s->data & ~mask) | (v & mask));
        pl061_edges(s, old);
        return;
    }
    switch (off) {
    case GPIODIR: s->dir = v; pl061_edges(s, old); return;
    case GPIOIS: s->is = v; break;
    case GPIOIBE: s->ibe = v; break;
    case GPIOIEV: s->iev = v; break;
    case GPIOIE: s->ie = v; break;
    case GPIOIC: s->ris &= (uint8_t)~v; break;
    case GPIOAFSEL: s->afsel = v; break;
    default: return;
    }
    pl061_update(s);
}

void pl061_set_input(PL061State *s, int line, int level)
{
    if (line < 0 || line > 7)
        return;
    uint8_t old = pl061_pins(s);
    s->in = (uint8_t)((s->in & ~(1u << line)) | ((level ? 1u : 0) << line));
    pl061_edges(s, old);
}

void pl061_reset(PL061State *s)
{
    s->data = s->dir = s->is = s->ibe = s->iev = s->ie = s->ris = s->afsel = 0;
    pl061_update(s);
}

static const MemoryRegionOps pl061_ops = {
    .read = pl061_read, .write = pl061_write, .min_size = 1, .max_size = 4,
};

PL061State *pl061_new(IRQ irq)
{
    PL061State *s = trix_malloc0(sizeof(*s));
    s->irq = irq;
    return s;
}

PL061State *pl061_create(uint64_t base, IRQ irq)
{
    PL061State *s = pl061_new(irq);
    mem_map_mmio("pl061", base, PRIMECELL_SIZE, &pl061_ops, s);
    return s;
}
