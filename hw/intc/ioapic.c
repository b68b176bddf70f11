/* I/O APIC: redirection table through IOREGSEL/IOWIN, edge and level pins, remote IRR, EOI. */
#include "hw/intc/ioapic.h"

enum {
    IOAPIC_REGSEL = 0x00, IOAPIC_WIN = 0x10, IOAPIC_EOI = 0x40,
    IOAPIC_REG_ID = 0x00, IOAPIC_REG_VER = 0x01, IOAPIC_REG_ARB = 0x02, IOAPIC_REG_TABLE = 0x10,
};
#define RTE_MASKED (1ull << 16)
#define RTE_LEVEL (1ull << 15)
#define RTE_REMOTE_IRR (1ull << 14)
#define RTE_PENDING (1ull << 12)
#define RTE_RO_BITS (RTE_REMOTE_IRR | RTE_PENDING)
#define RTE_WRITABLE (0xff00000000000000ull | 0x1afffull)    /* dest, mask..vector but RO */

struct IOAPICState {
    APICBus *bus;
    uint32_t id, regsel;
    uint64_t rte[IOAPIC_NUM_PINS];
    uint32_t level;                     /* input levels, bit per pin */
};

static void ioapic_send(IOAPICState *s, int pin)
{
    uint64_t e = s->rte[pin];
    APICMsg m = {
        .dest = (uint32_t)(e >> 56), .logical = (e >> 11) & 1, .delivery = (e >> 8) & 7,
        .vector = e & 0xff, .level = (e & RTE_LEVEL) != 0,
    };
    if (m.level)
        s->rte[pin] |= RTE_REMOTE_IRR;
    if (s->bus)
        apic_bus_deliver(s->bus, &m);
}

/* A level pin that is asserted, unmasked and not in service: deliver it (again). */
static void ioapic_service_level(IOAPICState *s, int pin)
{
    uint64_t e = s->rte[pin];
    if ((e & RTE_LEVEL) && !(e & (RTE_MASKED | RTE_REMOTE_IRR)) && (s->level >> pin & 1))
        ioapic_send(s, pin);
}

static void ioapic_set_pin(void *opaque, int pin, int level)
{
    IOAPICState *s = opaque;
    uint32_t bit = 1u << pin, old = s->level & bit;
    s->level = level ? s->level | bit : s->level & ~bit;
    uint64_t e = s->rte[pin];
    if (e & RTE_LEVEL)
        ioapic_service_level(s, pin);
    else if (level && !old && !(e & RTE_MASKED))
        ioapic_send(s, pin);
}

IRQ ioapic_input(IOAPICState *s, int pin)
{
    if (pin < 0 || pin >= IOAPIC_NUM_PINS)
        trix_fatal("ioapic: no input pin %d", pin);
    return irq_make(ioapic_set_pin, s, pin);
}

static void ioapic_eoi(void *opaque, int vector)
{
    IOAPICState *s = opaque;
    for (int pin = 0; pin < IOAPIC_NUM_PINS; pin++) {
        if ((s->rte[pin] & 0xff) != (uint64_t)vector || !(s->rte[pin] & RTE_REMOTE_IRR))
            continue;
        s->rte[pin] &= ~RTE_REMOTE_IRR;
        ioapic_service_level(s, pin);
    }
}

static uint32_t ioapic_reg_read(IOAPICState *s, uint32_t reg)
{
    switch (reg) {
    case IOAPIC_REG_ID:  return s->id << 24;
    case IOAPIC_REG_VER: return IOAPIC_VERSION | ((IOAPIC_NUM_PINS - 1u) << 16);
    case IOAPIC_REG_ARB: return s->id << 24;
    }
    uint32_t i = (reg - IOAPIC_REG_TABLE) / 2;
    if (reg >= IOAPIC_REG_TABLE && i < IOAPIC_NUM_PINS)
        return (uint32_t)(s->rte[i] >> (reg & 1 ? 32 : 0));
    log_mask(LOG_GUEST_ERROR, "ioapic: read of register %#x\n", reg);
    return 0;
}

static void ioapic_reg_write(IOAPICState *s, uint32_t reg, uint32_t val)
{
    if (reg == IOAPIC_REG_ID) {
        s->id = (val >> 24) & 0xf;
        return;
    }
    uint32_t i = (reg - IOAPIC_REG_TABLE) / 2;
    if (reg < IOAPIC_REG_TABLE || i >= IOAPIC_NUM_PINS) {
        log_mask(LOG_GUEST_ERROR, "ioapic: write of %#x to register %#x\n", val, reg);
        return;
    }
    uint64_t e = s->rte[i], shift = reg & 1 ? 32 : 0;
    uint64_t want = (e & ~(0xffffffffull << shift)) | ((uint64_t)val << shift);
    s->rte[i] = (want & RTE_WRITABLE) | (e & RTE_RO_BITS);
    if (!(s->rte[i] & RTE_LEVEL))
        s->rte[i] &= ~RTE_REMOTE_IRR;
    ioapic_service_level(s, (int)i);     /* unmasked with the line high */
}

uint64_t ioapic_read(void *opaque, uint64_t offset, unsigned size)
{
    IOAPICState *s = opaque;
    if (offset == IOAPIC_REGSEL)
        return s->regsel;
    if (offset == IOAPIC_WIN)
        return ioapic_reg_read(s, s->regsel);
    log_mask(LOG_GUEST_ERROR, "ioapic: read at %#llx\n", (unsigned long long)offset);
    return 0;
}

void ioapic_write(void *opaque, uint64_t offset, uint64_t val, unsigned size)
{
    IOAPICState *s = opaque;
    if (offset == IOAPIC_REGSEL)
        s->regsel = val & 0xff;
    else if (offset == IOAPIC_WIN)
        ioapic_reg_write(s, s->regsel, (uint32_t)val);
    else if (offset == IOAPIC_EOI)
        ioapic_eoi(s, val & 0xff);
    else
        log_mask(LOG_GUEST_ERROR, "ioapic: write at %#llx\n", (unsigned long long)offset);
}

static const MemoryRegionOps ioapic_ops = {
    .read = ioapic_read, .write = ioapic_write, .min_size = 4, .max_size = 4,
};

void ioapic_reset(IOAPICState *s)
{
    s->regsel = 0;
    for (int i = 0; i < IOAPIC_NUM_PINS; i++)
        s->rte[i] = RTE_MASKED;
}

uint64_t ioapic_entry(IOAPICState *s, int pin)
{
    return pin >= 0 && pin < IOAPIC_NUM_PINS ? s->rte[pin] : 0;
}

IOAPICState *ioapic_new(APICBus *bus, int id)
{
    IOAPICState *s = trix_malloc0(sizeof(*s));
    s->bus = bus;
    s->id = (uint32_t)id & 0xf;
    ioapic_reset(s);
    if (bus)
        apic_bus_add_eoi_listener(bus, ioapic_eoi, s);
    return s;
}

IOAPICState *ioapic_create(uint64_t base, APICBus *bus, int id)
{
    IOAPICState *s = ioapic_new(bus, id);
    mem_map_mmio("ioapic", base, IOAPIC_MMIO_SIZE, &ioapic_ops, s);
    return s;
}
