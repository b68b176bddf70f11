/* 8259A PIC pair: ICW1-4, OCW1-3 (EOI, rotation, poll, special mask), auto-EOI, ELCR. */
#include "hw/intc/i8259.h"
#include "trix/ioport.h"

typedef struct PICChip {
    struct I8259State *owner;
    int index;                          /* 0 master, 1 slave */
    uint8_t irr, imr, isr, line;        /* line: input levels */
    uint8_t elcr, elcr_mask, elcr_boot;
    uint8_t base;                       /* vector base (ICW2) */
    uint8_t lowest;                     /* priority rotation: IRQ `lowest` + 1 is highest */
    int init_state;                     /* 0 ready, 1 ICW2, 2 ICW3, 3 ICW4 next */
    bool need_icw4, single, auto_eoi, rotate_aeoi, special_mask, sfnm, read_isr, poll;
} PICChip;

struct I8259State {
    PICChip chip[2];
    IRQ intr;
    int intr_level;
};

/* Priority of irq (0 highest) under the current rotation. */
static int pic_prio(const PICChip *c, int irq) { return (irq - c->lowest - 1) & 7; }

/* The highest-priority bit set in mask, -1 if none. */
static int pic_best(const PICChip *c, uint8_t mask)
{
    for (int p = 0; p < 8; p++) {
        int irq = (c->lowest + 1 + p) & 7;
        if (mask >> irq & 1)
            return irq;
    }
    return -1;
}

/* The request this chip would present on INTA, -1 if none beats the in-service level. */
static int pic_pending(const PICChip *c)
{
    int req = pic_best(c, c->irr & ~c->imr);
    if (req < 0)
        return -1;
    uint8_t isr = c->isr;
    if (c->special_mask)
        isr &= ~c->imr;             /* masked in-service levels do not block */
    if (c->index == 0 && c->sfnm)
        isr &= ~(1u << 2);          /* special fully nested: the slave may nest */
    int cur = pic_best(c, isr);
    if (cur >= 0 && pic_prio(c, cur) <= pic_prio(c, req))
        return -1;
    return req;
}

static void pic_update(I8259State *s)
{
    PICChip *m = &s->chip[0], *sl = &s->chip[1];
    /* the slave's INT is a level on the master's IR2 */
    if (pic_pending(sl) >= 0)
        m->irr |= 1u << 2, m->line |= 1u << 2;
    else
        m->irr &= ~(1u << 2), m->line &= ~(1u << 2);
    int level = pic_pending(m) >= 0;
    if (level != s->intr_level) {
        s->intr_level = level;
        irq_set(&s->intr, level);
    }
}

static void pic_chip_set(PICChip *c, int irq, int level)
{
    uint8_t bit = 1u << irq;
    if (c->elcr & bit) {
        c->irr = level ? c->irr | bit : c->irr & ~bit;
    } else if (level && !(c->line & bit)) {
        c->irr |= bit;              /* edge: latched on the rising edge */
    }
    c->line = level ? c->line | bit : c->line & ~bit;
}

static void pic_input(void *opaque, int n, int level)
{
    I8259State *s = opaque;
    if (n == 2)
        return;                     /* the cascade input is the slave's output */
    pic_chip_set(&s->chip[n >> 3], n & 7, level != 0);
    pic_update(s);
}

IRQ i8259_input(I8259State *s, int n)
{
    if (n < 0 || n > 15)
        trix_fatal("i8259: no IRQ %d", n);
    return irq_make(pic_input, s, n);
}

/* Acknowledge irq on chip c (INTA or poll): in service unless auto-EOI. */
static void pic_ack_irq(PICChip *c, int irq)
{
    uint8_t bit = 1u << irq;
    if (!(c->elcr & bit))
        c->irr &= ~bit;
    if (c->auto_eoi) {
        if (c->rotate_aeoi)
            c->lowest = (uint8_t)irq;
    } else {
        c->isr |= bit;
    }
}

int i8259_inta(void *opaque)
{
    I8259State *s = opaque;
    PICChip *m = &s->chip[0], *sl = &s->chip[1];
    int irq = pic_pending(m), vec;
    if (irq < 0) {
        vec = m->base | 7;          /* spurious IRQ 7 */
    } else if (irq == 2) {
        int sirq = pic_pending(sl);
        pic_ack_irq(m, 2);
        if (sirq < 0) {
            vec = sl->base | 7;     /* spurious IRQ 15 */
        } else {
            pic_ack_irq(sl, sirq);
            vec = sl->base | sirq;
        }
    } else {
        pic_ack_irq(m, irq);
        vec = m->base | irq;
    }
    pic_update(s);
    return vec;
}

static void pic_eoi(PICChip *c, int irq, bool rotate)
{
    if (irq < 0)
        return;
    c->isr &= ~(1u << irq);
    if (rotate)
        c->lowest = (uint8_t)irq;
}

static void pic_write_cmd(PICChip *c, uint8_t val)
{
    if (val & 0x10) {                               /* ICW1 */
        c->init_state = 1;
        c->need_icw4 = val & 1;
        c->single = val & 2;
        c->imr = c->isr = 0;
        c->irr = c->line & c->elcr;                 /* edge sense reset */
        c->lowest = 7;
        c->auto_eoi = c->rotate_aeoi = c->special_mask = c->sfnm = false;
        c->read_isr = c->poll = false;
        if (val & 8)
            log_mask(LOG_UNIMP, "i8259: ICW1 level-triggered mode (LTIM) ignored\n");
        return;
    }
    if (val & 0x08) {                               /* OCW3 */
        if (val & 4)
            c->poll = true;
        if ((val & 3) == 2)
            c->read_isr = false;
        else if ((val & 3) == 3)
            c->read_isr = true;
        if ((val & 0x60) == 0x40)
            c->special_mask = false;
        else if ((val & 0x60) == 0x60)
            c->special_mask = true;
        return;
    }
    int level = val & 7;                            /* OCW2 */
    switch (val >> 5) {
    case 0: c->rotate_aeoi = false; break;
    case 4: c->rotate_aeoi = true; break;
    case 1: pic_eoi(c, pic_best(c, c->isr), false); break;
    case 5: pic_eoi(c, pic_best(c, c->isr), true); break;
    case 3: pic_eoi(c, level, false); break;
    case 7: pic_eoi(c, level, true); break;
    case 6: c->lowest = (uint8_t)level; break;
    default: break;                                 /* 2: no operation */
    }
}

static void pic_write_data(PICChip *c, uint8_t val)
{
    switch (c->init_state) {
    case 1:
        c->base = val & 0xf8;
        c->init_state = c->single ? (c->need_icw4 ? 3 : 0) : 2;
        break;
    case 2:
        c->init_state = c->need_icw4 ? 3 : 0;       /* cascade wiring is fixed: IR2 */
        break;
    case 3:
        c->auto_eoi = val & 2;
        c->sfnm = val & 0x10;
        if (!(val & 1))
            log_mask(LOG_UNIMP, "i8259: ICW4 without 8086 mode\n");
        c->init_state = 0;
        break;
    default:
        c->imr = val;                               /* OCW1 */
        break;
    }
}

static uint8_t pic_poll(I8259State *s, PICChip *c)
{
    c->poll = false;
    int irq = pic_pending(c);
    if (irq < 0)
        return 0;
    if (c->index == 0 && irq == 2) {                /* poll the slave through the cascade */
        PICChip *sl = &s->chip[1];
        int sirq = pic_pending(sl);
        pic_ack_irq(c, 2);
        if (sirq >= 0)
            pic_ack_irq(sl, sirq);
        pic_update(s);
        return 0x80 | 2;
    }
    pic_ack_irq(c, irq);
    pic_update(s);
    return 0x80 | (uint8_t)irq;
}

uint8_t i8259_port_read(I8259State *s, uint32_t port)
{
    if (port == I8259_ELCR_PORT || port == I8259_ELCR_PORT + 1)
        return s->chip[port & 1].elcr;
    if ((port & ~1u) != I8259_MASTER_PORT && (port & ~1u) != I8259_SLAVE_PORT) {
        log_mask(LOG_GUEST_ERROR, "i8259: read of port %#x\n", port);
        return 0xff;
    }
    PICChip *c = &s->chip[(port & ~1u) == I8259_SLAVE_PORT];
    if (c->poll)
        return pic_poll(s, c);
    if (port & 1)
        return c->imr;
    return c->read_isr ? c->isr : c->irr;
}

void i8259_port_write(I8259State *s, uint32_t port, uint8_t val)
{
    if (port == I8259_ELCR_PORT || port == I8259_ELCR_PORT + 1) {
        PICChip *c = &s->chip[port & 1];
        c->elcr = val & c->elcr_mask;
        c->irr = (c->irr & ~c->elcr) | (c->line & c->elcr);
    } else if ((port & ~1u) == I8259_MASTER_PORT || (port & ~1u) == I8259_SLAVE_PORT) {
        PICChip *c = &s->chip[(port & ~1u) == I8259_SLAVE_PORT];
        if (port & 1)
            pic_write_data(c, val);
        else
            pic_write_cmd(c, val);
    } else {
        log_mask(LOG_GUEST_ERROR, "i8259: write of %#x to port %#x\n", val, port);
        return;
    }
    pic_update(s);
}

static uint64_t pic_io_read(void *opaque, uint64_t offset, unsigned size)
{
    PICChip *c = opaque;
    uint32_t base = c->index ? I8259_SLAVE_PORT : I8259_MASTER_PORT;
    return i8259_port_read(c->owner, base + (uint32_t)offset);
}

static void pic_io_write(void *opaque, uint64_t offset, uint64_t val, unsigned size)
{
    PICChip *c = opaque;
    uint32_t base = c->index ? I8259_SLAVE_PORT : I8259_MASTER_PORT;
    i8259_port_write(c->owner, base + (uint32_t)offset, (uint8_t)val);
}

static uint64_t elcr_io_read(void *opaque, uint64_t offset, unsigned size)
{
    return i8259_port_read(opaque, I8259_ELCR_PORT + (uint32_t)offset);
}

static void elcr_io_write(void *opaque, uint64_t offset, uint64_t val, unsigned size)
{
    i8259_port_write(opaque, I8259_ELCR_PORT + (uint32_t)offset, (uint8_t)val);
}

static const MemoryRegionOps pic_ops = {
    .read = pic_io_read, .write = pic_io_write, .min_size = 1, .max_size = 1,
};
static const MemoryRegionOps elcr_ops = {
    .read = elcr_io_read, .write = elcr_io_write, .min_size = 1, .max_size = 1,
};

void i8259_reset(I8259State *s)
{
    for (int i = 0; i < 2; i++) {
        PICChip *c = &s->chip[i];
        uint8_t line = c->line;
        pic_write_cmd(c, 0x11);         /* as after ICW1 (edge sense, masks cleared) */
        c->init_state = 0;
        c->base = 0;
        c->line = line;
        c->elcr = c->elcr_boot;
        c->irr = c->line & c->elcr;
    }
    s->intr_level = -1;
    pic_update(s);
}

void i8259_set_elcr(I8259State *s, uint16_t elcr)
{
    for (int i = 0; i < 2; i++) {
        PICChip *c = &s->chip[i];
        c->elcr_boot = (uint8_t)(elcr >> (8 * i)) & c->elcr_mask;
        c->elcr = c->elcr_boot;
        c->irr = (c->irr & ~c->elcr) | (c->line & c->elcr);
    }
    pic_update(s);
}

bool i8259_intr_level(I8259State *s) { return s->intr_level == 1; }

I8259State *i8259_new(IRQ intr)
{
    I8259State *s = trix_malloc0(sizeof(*s));
    s->intr = intr;
    for (int i = 0; i < 2; i++) {
        s->chip[i].owner = s;
        s->chip[i].index = i;
    }
    s->chip[0].elcr_mask = 0xf8;        /* IRQ 0, 1, 2 are always edge */
    s->chip[1].elcr_mask = 0xde;        /* IRQ 8 and 13 too */
    i8259_reset(s);
    return s;
}

I8259State *i8259_create(IRQ intr)
{
    I8259State *s = i8259_new(intr);
    io_map("pic-master", I8259_MASTER_PORT, 2, &pic_ops, &s->chip[0]);
    io_map("pic-slave", I8259_SLAVE_PORT, 2, &pic_ops, &s->chip[1]);
    io_map("elcr", I8259_ELCR_PORT, 2, &elcr_ops, s);
    return s;
}
