/* 8254 PIT: counters computed from the virtual clock, modes 0-5, latch and read-back, port 0x61. */
#include "hw/timer/i8254.h"
#include "trix/exec.h"
#include "trix/ioport.h"

enum { RW_LATCH = 0, RW_LSB = 1, RW_MSB = 2, RW_WORD = 3 };
#define REFRESH_NS 15085                /* port 0x61 bit 4 toggles at this period */

typedef struct PITChannel {
    struct I8254State *owner;
    int index;
    int mode, rw;
    bool bcd;
    uint32_t reload;                    /* the count in decimal ticks (1..65536 / 10000) */
    bool loaded;                        /* a count was written since the control word */
    bool triggered;                     /* modes 1/5: the gate started the count */
    bool gate;
    int64_t start;                      /* clock_ns() when counting (re)started */
    int64_t paused;                     /* ticks counted before a gate-low pause (modes 0/4) */
    bool write_msb_next, read_msb_next;
    uint8_t write_lsb;
    bool count_latched, status_latched;
    uint16_t latch;
    uint8_t status;
    bool latch_msb_next;
    /* channel 0's interrupt */
    HWTimer *timer;
    int irq_level;
    int64_t last_period;
} PITChannel;

struct I8254State {
    PITChannel ch[3];
    IRQ irq;
    uint8_t port61;                     /* bits 0-3 as written */
};

static int64_t pit_ticks_since(int64_t from)
{
    int64_t ns = clock_ns() - from;
    return ns <= 0 ? 0 : (int64_t)((__int128)ns * I8254_HZ / 1000000000);
}

/* The clock_ns() time at which `ticks` ticks have passed since `from` (rounded up). */
static int64_t pit_tick_time(int64_t from, int64_t ticks)
{
    return from + (int64_t)(((__int128)ticks * 1000000000 + I8254_HZ - 1) / I8254_HZ);
}

static bool pit_paused(const PITChannel *c)
{
    return !c->gate && (c->mode == 0 || c->mode == 4);
}

/* Ticks counted since the count was loaded (or triggered), -1 when not counting. */
static int64_t pit_elapsed(const PITChannel *c)
{
    if (!c->loaded || ((c->mode == 1 || c->mode == 5) && !c->triggered))
        return -1;
    if ((c->mode == 2 || c->mode == 3) && !c->gate)
        return -1;
    if (pit_paused(c))
        return c->paused;
    return c->paused + pit_ticks_since(c->start);
}

static int pit_out_at(const PITChannel *c, int64_t d)
{
    int64_t n = c->reload;
    if (d < 0)
        return c->mode != 0;            /* not counting: mode 0 holds OUT low, the rest high */
    switch (c->mode) {
    case 0: case 1: return d >= n;
    case 2:         return d % n != n - 1;
    case 3:         return d % n < (n + 1) / 2;
    default:        return d != n;           /* 4, 5: one low tick at the terminal count */
    }
}

int i8254_out(I8254State *s, int ch)
{
    PITChannel *c = &s->ch[ch & 3];
    if (c->mode == 0 && !c->loaded)
        return 0;
    return pit_out_at(c, pit_elapsed(c));
}

static uint32_t pit_to_bcd(uint32_t v)
{
    return (v % 10) | (v / 10 % 10) << 4 | (v / 100 % 10) << 8 | (v / 1000 % 10) << 12;
}

static uint32_t pit_from_bcd(uint32_t v)
{
    return (v & 15) + (v >> 4 & 15) * 10 + (v >> 8 & 15) * 100 + (v >> 12 & 15) * 1000;
}

/* The counting element's value now (as a register value: binary or BCD). */
static uint16_t pit_count(const PITChannel *c)
{
    int64_t d = pit_elapsed(c), n = c->reload, wrap = c->bcd ? 10000 : 65536, v;
    if (d < 0)
        v = n;
    else if (c->mode == 2)
        v = n - d % n;
    else if (c->mode == 3) {
        int64_t ph = d % n, half = (n + 1) / 2;
        v = ph < half ? n - 2 * ph : n - 2 * (ph - half);
        if (v <= 0)
            v += n;
    } else
        v = ((n - d) % wrap + wrap) % wrap;
    v %= wrap;
    return (uint16_t)(c->bcd ? pit_to_bcd((uint32_t)v) : (uint32_t)v);
}

/* ---- channel 0's interrupt ---- */

static void pit_irq_set(PITChannel *c, int level)
{
    if (c->irq_level != level) {
        c->irq_level = level;
        irq_set(&c->owner->irq, level);
    }
}

/* Time of the next output event after d ticks (INT64_MAX: none). */
static int64_t pit_next_event(const PITChannel *c, int64_t d)
{
    int64_t n = c->reload, t;
    switch (c->mode) {
    case 0: case 1:
        if (d >= n)
            return INT64_MAX;
        t = n;
        break;
    case 2:
        t = (d / n + 1) * n;
        break;
    case 3: {
        int64_t base = d / n * n, half = (n + 1) / 2;
        t = d < base + half ? base + half : base + n;
        break;
    }
    default:
        if (d >= n)
            return INT64_MAX;
        t = n;
        break;
    }
    return pit_tick_time(c->start, t - c->paused);
}

static void pit_irq_update(PITChannel *c)
{
    if (c->index != 0)
        return;
    int64_t d = pit_elapsed(c);
    if (d >= 0 && (c->mode == 2 || c->mode == 3)) {
        int64_t period = d / c->reload;
        if (period > c->last_period) {
            pit_irq_set(c, 0);          /* every period begins with a rising edge */
            pit_irq_set(c, 1);
            c->last_period = period;
        }
    } else if (d >= 0 && (c->mode == 4 || c->mode == 5) && d >= c->reload &&
               c->last_period < 1) {
        pit_irq_set(c, 0);              /* the strobe: one low tick */
        pit_irq_set(c, 1);
        c->last_period = 1;
    }
    int out = pit_out_at(c, d);
    if (c->mode == 2 || c->mode == 4 || c->mode == 5)
        out = 1;                        /* the one-tick low pulses were sent above */
    pit_irq_set(c, out);
    int64_t next = d < 0 || pit_paused(c) ? INT64_MAX : pit_next_event(c, d);
    if (next == INT64_MAX)
        timer_del(c->timer);
    else
        timer_mod(c->timer, next);
}

static void pit_timer_cb(void *opaque)
{
    pit_irq_update(opaque);
}

/* ---- registers ---- */

static void pit_start(PITChannel *c)
{
    c->start = clock_ns();
    c->paused = 0;
    c->last_period = 0;
}

static void pit_load(PITChannel *c, uint32_t raw)
{
    uint32_t v = c->bcd ? pit_from_bcd(raw) : raw;
    c->reload = v ? v : (c->bcd ? 10000 : 65536);
    if ((c->mode == 2 || c->mode == 3) && c->reload == 1)
        c->reload = 2;                  /* 1 is illegal in these modes */
    bool was = c->loaded;
    c->loaded = true;
    /* modes 0 and 4 restart on every write; 2 and 3 start on the first, 1 and 5 wait
     * for the gate */
    if (c->mode == 0 || c->mode == 4 || ((c->mode == 2 || c->mode == 3) && !was))
        pit_start(c);
    pit_irq_update(c);
}

static void pit_write_count(PITChannel *c, uint8_t val)
{
    switch (c->rw) {
    case RW_LSB: pit_load(c, val); break;
    case RW_MSB: pit_load(c, (uint32_t)val << 8); break;
    default:
        if (!c->write_msb_next) {
            c->write_lsb = val;
            c->write_msb_next = true;
            if (c->mode == 0) {         /* the first byte stops a mode 0 count */
                c->loaded = false;
                pit_irq_update(c);
            }
        } else {
            c->write_msb_next = false;
            pit_load(c, c->write_lsb | (uint32_t)val << 8);
        }
        break;
    }
}

static uint8_t pit_status(const PITChannel *c)
{
    return (uint8_t)(i8254_out(c->owner, c->index) << 7 | (!c->loaded) << 6 | c->rw << 4 |
                     c->mode << 1 | c->bcd);
}

static void pit_latch_count(PITChannel *c)
{
    if (c->count_latched)
        return;                         /* a second latch before the read is ignored */
    c->latch = pit_count(c);
    c->count_latched = true;
    c->latch_msb_next = false;
}

static void pit_control(I8254State *s, uint8_t val)
{
    int sel = val >> 6;
    if (sel == 3) {                                 /* read-back */
        for (int i = 0; i < 3; i++) {
            if (!(val >> (1 + i) & 1))
                continue;
            PITChannel *c = &s->ch[i];
            if (!(val & 0x20))
                pit_latch_count(c);
            if (!(val & 0x10) && !c->status_latched) {
                c->status = pit_status(c);
                c->status_latched = true;
            }
        }
        return;
    }
    PITChannel *c = &s->ch[sel];
    int rw = (val >> 4) & 3;
    if (rw == RW_LATCH) {
        pit_latch_count(c);
        return;
    }
    c->rw = rw;
    c->mode = (val >> 1) & 7;
    if (c->mode > 5)
        c->mode -= 4;                               /* 6, 7 are 2, 3 */
    c->bcd = val & 1;
    c->loaded = c->triggered = false;
    c->write_msb_next = c->read_msb_next = false;
    c->count_latched = c->status_latched = false;
    pit_irq_update(c);
}

static uint8_t pit_read_count(PITChannel *c)
{
    if (c->status_latched) {
        c->status_latched = false;
        return c->status;
    }
    uint16_t v;
    bool msb;
    if (c->count_latched) {
        v = c->latch;
        msb = c->rw == RW_MSB || (c->rw == RW_WORD && c->latch_msb_next);
        if (c->rw == RW_WORD && !c->latch_msb_next)
            c->latch_msb_next = true;
        else
            c->count_latched = false;
    } else {
        v = pit_count(c);
        msb = c->rw == RW_MSB || (c->rw == RW_WORD && c->read_msb_next);
        if (c->rw == RW_WORD)
            c->read_msb_next = !c->read_msb_next;
    }
    return msb ? v >> 8 : v & 0xff;
}

static void pit_set_gate(PITChannel *c, bool gate)
{
    if (gate == c->gate)
        return;
    if (!gate && (c->mode == 0 || c->mode == 4) && c->loaded)
        c->paused += pit_ticks_since(c->start);     /* modes 0/4: the count holds */
    c->gate = gate;
    if (gate) {
        if (c->mode == 0 || c->mode == 4) {
            c->start = clock_ns();                  /* resume where it held */
        } else if (c->loaded) {
            pit_start(c);                           /* 1, 2, 3, 5: the rising edge reloads */
            c->triggered = true;
        }
    }
    pit_irq_update(c);
}

uint8_t i8254_port_read(I8254State *s, uint32_t port)
{
    if (port == I8254_PORT61) {
        cpu_time_seen(current_cpu);
        int refresh = (int)((clock_ns() / REFRESH_NS) & 1);
        return (s->port61 & 0x0f) | refresh << 4 | i8254_out(s, 2) << 5;
    }
    if (port >= I8254_PORT && port < I8254_PORT + 3) {
        cpu_time_seen(current_cpu);
        return pit_read_count(&s->ch[port - I8254_PORT]);
    }
    log_mask(LOG_GUEST_ERROR, "i8254: read of port %#x\n", port);
    return 0xff;
}

void i8254_port_write(I8254State *s, uint32_t port, uint8_t val)
{
    if (port == I8254_PORT61) {
        s->port61 = val & 0x0f;
        pit_set_gate(&s->ch[2], val & 1);
    } else if (port == I8254_PORT + 3) {
        pit_control(s, val);
    } else if (port >= I8254_PORT && port < I8254_PORT + 3) {
        pit_write_count(&s->ch[port - I8254_PORT], val);
    } else {
        log_mask(LOG_GUEST_ERROR, "i8254: write of %#x to port %#x\n", val, port);
    }
}

static uint64_t pit_io_read(void *opaque, uint64_t offset, unsigned size)
{
    return i8254_port_read(opaque, I8254_PORT + (uint32_t)offset);
}

static void pit_io_write(void *opaque, uint64_t offset, uint64_t val, unsigned size)
{
    i8254_port_write(opaque, I8254_PORT + (uint32_t)offset, (uint8_t)val);
}

static uint64_t port61_io_read(void *opaque, uint64_t offset, unsigned size)
{
    return i8254_port_read(opaque, I8254_PORT61);
}

static void port61_io_write(void *opaque, uint64_t offset, uint64_t val, unsigned size)
{
    i8254_port_write(opaque, I8254_PORT61, (uint8_t)val);
}

static const MemoryRegionOps pit_ops = {
    .read = pit_io_read, .write = pit_io_write, .min_size = 1, .max_size = 1,
};
static const MemoryRegionOps port61_ops = {
    .read = port61_io_read, .write = port61_io_write, .min_size = 1, .max_size = 1,
};

void i8254_reset(I8254State *s)
{
    for (int i = 0; i < 3; i++) {
        PITChannel *c = &s->ch[i];
        c->mode = 0;
        c->rw = RW_WORD;
        c->bcd = false;
        c->reload = 65536;
        c->loaded = c->triggered = false;
        c->gate = i != 2;               /* channel 2's gate is port 0x61 bit 0 */
        c->paused = 0;
        c->write_msb_next = c->read_msb_next = false;
        c->count_latched = c->status_latched = false;
        if (c->timer)
            timer_del(c->timer);
    }
    s->port61 = 0;
    s->ch[0].irq_level = 1;
    pit_irq_set(&s->ch[0], 0);
}

I8254State *i8254_new(IRQ irq)
{
    I8254State *s = trix_malloc0(sizeof(*s));
    s->irq = irq;
    for (int i = 0; i < 3; i++) {
        s->ch[i].owner = s;
        s->ch[i].index = i;
    }
    s->ch[0].timer = timer_new(pit_timer_cb, &s->ch[0]);
    i8254_reset(s);
    return s;
}

I8254State *i8254_create_no_port61(IRQ irq)
{
    I8254State *s = i8254_new(irq);
    io_map("pit", I8254_PORT, 4, &pit_ops, s);
    return s;
}

I8254State *i8254_create(IRQ irq)
{
    I8254State *s = i8254_create_no_port61(irq);
    io_map("port61", I8254_PORT61, 1, &port61_ops, s);
    return s;
}
