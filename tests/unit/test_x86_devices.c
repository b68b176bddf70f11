/* x86 device tests: 8259, IOAPIC, local APIC (IPIs, timer), 8254, MC146818, HPET, i8042 on a stopped virtual clock. */
#include <string.h>
#include <time.h>
#include "trix/ioport.h"
#include "trix/machine.h"
#include "src/system_int.h"
#include "hw/input/i8042.h"
#include "hw/intc/apic.h"
#include "hw/intc/i8259.h"
#include "hw/intc/ioapic.h"
#include "hw/rtc/mc146818.h"
#include "hw/timer/hpet.h"
#include "hw/timer/i8254.h"

static int failures;

#define CHECK_EQ(what, got, want) do { \
    unsigned long long g_ = (unsigned long long)(got), w_ = (unsigned long long)(want); \
    if (g_ != w_) { \
        fprintf(stderr, "%s:%d: %s: got %#llx, want %#llx\n", __FILE__, __LINE__, what, g_, w_); \
        failures++; \
    } \
} while (0)

/* Interrupt sinks: the level and the number of rising edges of each line. */
static int sink_level[64], sink_edges[64];
static void sink_set(void *opaque, int n, int level)
{
    if (level && !sink_level[n])
        sink_edges[n]++;
    sink_level[n] = level != 0;
}
static IRQ sink(int n) { return irq_make(sink_set, NULL, n); }
static void sink_clear(void)
{
    memset(sink_level, 0, sizeof(sink_level));
    memset(sink_edges, 0, sizeof(sink_edges));
}

/* Advance the stopped virtual clock and run the timers that came due. */
static void advance(int64_t ns)
{
    clock_advance(ns);
    timer_run_expired();
}

/* ---- 8259 ---- */

static void pic_out(I8259State *p, uint32_t port, uint8_t v) { i8259_port_write(p, port, v); }
static uint8_t pic_in(I8259State *p, uint32_t port) { return i8259_port_read(p, port); }

/* Linux's init_8259A: vectors 0x20 / 0x28, cascade on IRQ 2, 8086 mode. */
static void pic_init(I8259State *p, uint8_t icw4)
{
    pic_out(p, 0x20, 0x11); pic_out(p, 0x21, 0x20); pic_out(p, 0x21, 0x04); pic_out(p, 0x21, icw4);
    pic_out(p, 0xa0, 0x11); pic_out(p, 0xa1, 0x28); pic_out(p, 0xa1, 0x02); pic_out(p, 0xa1, icw4);
    pic_out(p, 0x21, 0x00);
    pic_out(p, 0xa1, 0x00);
}

static void test_i8259(void)
{
    sink_clear();
    I8259State *p = i8259_new(sink(0));
    pic_init(p, 0x01);
    IRQ irq1 = i8259_input(p, 1), irq3 = i8259_input(p, 3), irq10 = i8259_input(p, 10);
    CHECK_EQ("no request", sink_level[0], 0);
    CHECK_EQ("spurious INTA", i8259_inta(p), 0x27);
    irq_set(&irq3, 1);
    irq_set(&irq1, 1);
    CHECK_EQ("INT", sink_level[0], 1);
    pic_out(p, 0x20, 0x0a);                         /* OCW3: read IRR */
    CHECK_EQ("IRR", pic_in(p, 0x20), 0x0a);
    CHECK_EQ("INTA: IRQ 1 first", i8259_inta(p), 0x21);
    pic_out(p, 0x20, 0x0b);                         /* OCW3: read ISR */
    CHECK_EQ("ISR", pic_in(p, 0x20), 0x02);
    CHECK_EQ("IRQ 3 waits behind 1", sink_level[0], 0);
    pic_out(p, 0x20, 0x20);                         /* non-specific EOI */
    CHECK_EQ("ISR clear", pic_in(p, 0x20), 0);
    CHECK_EQ("IRQ 3 now", sink_level[0], 1);
    CHECK_EQ("INTA: IRQ 3", i8259_inta(p), 0x23);
    pic_out(p, 0x20, 0x63);                         /* specific EOI for 3 */
    CHECK_EQ("ISR clear after specific EOI", pic_in(p, 0x20), 0);
    irq_set(&irq1, 0);
    irq_set(&irq3, 0);
    /* the mask (OCW1) */
    pic_out(p, 0x21, 0x02);
    CHECK_EQ("IMR", pic_in(p, 0x21), 0x02);
    irq_set(&irq1, 1);
    CHECK_EQ("masked", sink_level[0], 0);
    pic_out(p, 0x21, 0x00);
    CHECK_EQ("unmasked: latched edge", sink_level[0], 1);
    i8259_inta(p);
    pic_out(p, 0x20, 0x20);
    irq_set(&irq1, 0);
    /* the slave through the cascade */
    irq_set(&irq10, 1);
    CHECK_EQ("slave request reaches INT", sink_level[0], 1);
    CHECK_EQ("INTA: IRQ 10", i8259_inta(p), 0x2a);
    pic_out(p, 0xa0, 0x0b);
    CHECK_EQ("slave ISR", pic_in(p, 0xa0), 0x04);
    pic_out(p, 0x20, 0x0b);
    CHECK_EQ("master ISR cascade", pic_in(p, 0x20), 0x04);
    pic_out(p, 0xa0, 0x20);
    pic_out(p, 0x20, 0x20);
    CHECK_EQ("edge consumed", sink_level[0], 0);
    irq_set(&irq10, 0);
    /* level-triggered through the ELCR: IRQ 10 is bit 2 of 0x4d1 */
    pic_out(p, 0x4d0, 0xff);
    CHECK_EQ("ELCR1 mask (0, 1, 2 edge)", pic_in(p, 0x4d0), 0xf8);
    pic_out(p, 0x4d0, 0x00);
    pic_out(p, 0x4d1, 0x04);
    CHECK_EQ("ELCR2", pic_in(p, 0x4d1), 0x04);
    irq_set(&irq10, 1);
    CHECK_EQ("level INTA", i8259_inta(p), 0x2a);
    pic_out(p, 0xa0, 0x20);
    pic_out(p, 0x20, 0x20);
    CHECK_EQ("still high: requested again", sink_level[0], 1);
    irq_set(&irq10, 0);
    CHECK_EQ("line low: request gone", sink_level[0], 0);
    pic_out(p, 0x4d1, 0x00);
    /* poll mode (OCW3 bit 2) */
    irq_set(&irq3, 1);
    pic_out(p, 0x20, 0x0c);
    CHECK_EQ("poll", pic_in(p, 0x20), 0x83);
    pic_out(p, 0x20, 0x0b);
    CHECK_EQ("poll acknowledged", pic_in(p, 0x20), 0x08);
    /* special mask: mask the in-service 3, then a lower-priority 5 may interrupt */
    IRQ irq5 = i8259_input(p, 5);
    pic_out(p, 0x21, 0x08);
    pic_out(p, 0x20, 0x68);                         /* OCW3: set special mask */
    irq_set(&irq5, 1);
    CHECK_EQ("special mask lets 5 in", i8259_inta(p), 0x25);
    pic_out(p, 0x20, 0x48);                         /* reset special mask */
    pic_out(p, 0x20, 0x65);
    pic_out(p, 0x20, 0x63);
    pic_out(p, 0x21, 0x00);
    irq_set(&irq3, 0);
    irq_set(&irq5, 0);
    /* priority rotation: set priority with IRQ 4 lowest -> IRQ 5 beats IRQ 1 */
    pic_out(p, 0x20, 0xc4);
    irq_set(&irq1, 1);
    irq_set(&irq5, 1);
    CHECK_EQ("rotated priority", i8259_inta(p), 0x25);
    pic_out(p, 0x20, 0x20);
    CHECK_EQ("then IRQ 1", i8259_inta(p), 0x21);
    pic_out(p, 0x20, 0x20);
    pic_out(p, 0x20, 0xc7);
    irq_set(&irq1, 0);
    irq_set(&irq5, 0);
    /* auto-EOI */
    pic_init(p, 0x03);
    irq_set(&irq1, 1);
    CHECK_EQ("AEOI INTA", i8259_inta(p), 0x21);
    pic_out(p, 0x20, 0x0b);
    CHECK_EQ("AEOI: nothing in service", pic_in(p, 0x20), 0);
    irq_set(&irq1, 0);
    i8259_reset(p);
    CHECK_EQ("reset: IMR 0", pic_in(p, 0x21), 0);
    CHECK_EQ("bad port", pic_in(p, 0x22), 0xff);
}

/* ---- local APIC and IOAPIC ---- */

static X86CPU cpus[2];
static APICBus *bus;
static APICState *lapic[2];

static bool pend(int c, uint32_t bit) { return cpus[c].sys.pending & bit; }
static void clear_pend(int c) { cpus[c].sys.pending = 0; }
static uint32_t ar(int c, uint32_t off) { return apic_mmio_read(lapic[c], off); }
static void aw(int c, uint32_t off, uint32_t v) { apic_mmio_write(lapic[c], off, v); }
static int ack(int c) { return apic_intc_ops.ack(lapic[c]); }
static bool irr_bit(int c, int v) { return ar(c, 0x200 + 0x10 * (v / 32)) >> (v % 32) & 1; }
static bool isr_bit(int c, int v) { return ar(c, 0x100 + 0x10 * (v / 32)) >> (v % 32) & 1; }

static void io_sel(IOAPICState *io, uint32_t reg, uint32_t v)
{
    ioapic_write(io, 0x00, reg, 4);
    ioapic_write(io, 0x10, v, 4);
}

static uint32_t io_get(IOAPICState *io, uint32_t reg)
{
    ioapic_write(io, 0x00, reg, 4);
    return (uint32_t)ioapic_read(io, 0x10, 4);
}

static void apic_setup(void)
{
    memset(cpus, 0, sizeof(cpus));
    for (int i = 0; i < 2; i++) {
        X86CpuConfig cfg = { .apic_id = i, .ncpus = 2, .bsp = i == 0 };
        x86_cpu_configure(&cpus[i], &cfg);
    }
    bus = apic_bus_create(0);
    for (int i = 0; i < 2; i++) {
        lapic[i] = apic_create(bus, &cpus[i], i);
        aw(i, 0xf0, 0x1ff);                         /* SVR: enabled, spurious 0xff */
    }
}

static void test_apic_regs(void)
{
    apic_setup();
    CHECK_EQ("attached", cpus[1].sys.intc_opaque == lapic[1], 1);
    CHECK_EQ("ID", ar(1, 0x20), 1u << 24);
    CHECK_EQ("version", ar(0, 0x30), 0x00060014);
    CHECK_EQ("SVR", ar(0, 0xf0), 0x1ff);
    uint64_t base = 0;
    CHECK_EQ("APIC_BASE readable", apic_intc_ops.rdmsr(lapic[0], 0x1b, &base), 1);
    CHECK_EQ("APIC_BASE BSP|EN", base, 0xfee00000ull | 0x900);
    apic_intc_ops.rdmsr(lapic[1], 0x1b, &base);
    CHECK_EQ("AP: no BSP bit", base, 0xfee00000ull | 0x800);
    CHECK_EQ("BSP LINT0 ExtINT", ar(0, 0x350), 0x700);
    CHECK_EQ("AP LINT0 masked", ar(1, 0x350), 0x10000);
    /* a self IPI (fixed, shorthand self) into IRR, then INTA, PPR, EOI */
    aw(0, 0x300, 0x40000 | 0x4000 | 0x55);
    CHECK_EQ("IRR 0x55", irr_bit(0, 0x55), 1);
    CHECK_EQ("INTR", pend(0, X86_PEND_INTR), 1);
    CHECK_EQ("ack", ack(0), 0x55);
    CHECK_EQ("ISR 0x55", isr_bit(0, 0x55), 1);
    CHECK_EQ("IRR cleared", irr_bit(0, 0x55), 0);
    CHECK_EQ("PPR from ISR", ar(0, 0xa0), 0x50);
    CHECK_EQ("INTR low", pend(0, X86_PEND_INTR), 0);
    aw(0, 0x300, 0x40000 | 0x45);                  /* lower class waits */
    CHECK_EQ("0x45 blocked by PPR", pend(0, X86_PEND_INTR), 0);
    aw(0, 0x300, 0x40000 | 0x65);                  /* higher class nests */
    CHECK_EQ("0x65 nests", ack(0), 0x65);
    aw(0, 0xb0, 0);
    CHECK_EQ("EOI: 0x65 out", isr_bit(0, 0x65), 0);
    CHECK_EQ("EOI: 0x55 still", isr_bit(0, 0x55), 1);
    aw(0, 0xb0, 0);
    CHECK_EQ("then 0x45", ack(0), 0x45);
    aw(0, 0xb0, 0);
    CHECK_EQ("nothing left", ack(0), -1);
    /* TPR and CR8 */
    apic_intc_ops.set_tpr(lapic[0], 5);
    CHECK_EQ("TPR from CR8", ar(0, 0x80), 0x50);
    aw(0, 0x80, 0x70);
    CHECK_EQ("CR8 from TPR", apic_intc_ops.get_tpr(lapic[0]), 7);
    aw(0, 0x300, 0x40000 | 0x71);
    CHECK_EQ("TPR masks class 7", pend(0, X86_PEND_INTR), 0);
    CHECK_EQ("PPR = TPR", ar(0, 0xa0), 0x70);
    aw(0, 0x80, 0x00);
    CHECK_EQ("TPR 0: delivered", ack(0), 0x71);
    aw(0, 0xb0, 0);
    /* illegal vector: ESR send-illegal after the ESR write latches it */
    aw(0, 0x300, 0x40000 | 0x05);
    aw(0, 0x280, 0);
    CHECK_EQ("ESR send illegal vector", ar(0, 0x280), 0x20);
    /* software disable masks the LVT */
    aw(1, 0xf0, 0x0ff);
    aw(1, 0x370, 0xfe);
    CHECK_EQ("LVT masked while disabled", ar(1, 0x370), 0x100fe);
    aw(1, 0xf0, 0x1ff);
    CHECK_EQ("bad register reads 0", ar(0, 0x40), 0);
}

static void test_apic_ipi(void)
{
    apic_setup();
    clear_pend(0);
    clear_pend(1);
    /* physical destination */
    aw(0, 0x310, 1u << 24);
    aw(0, 0x300, 0x4000 | 0x51);
    CHECK_EQ("IPI to 1", irr_bit(1, 0x51), 1);
    CHECK_EQ("not to 0", irr_bit(0, 0x51), 0);
    CHECK_EQ("cpu1 INTR", pend(1, X86_PEND_INTR), 1);
    CHECK_EQ("ICR delivery status idle", ar(0, 0x300) & 0x1000, 0);
    ack(1);
    aw(1, 0xb0, 0);
    /* all excluding self, all including self */
    aw(1, 0x300, 0xc0000 | 0x52);
    CHECK_EQ("all-but-self reaches 0", irr_bit(0, 0x52), 1);
    CHECK_EQ("all-but-self skips 1", irr_bit(1, 0x52), 0);
    aw(1, 0x300, 0x80000 | 0x53);
    CHECK_EQ("all-incl-self 0", irr_bit(0, 0x53), 1);
    CHECK_EQ("all-incl-self 1", irr_bit(1, 0x53), 1);
    /* broadcast physical 0xff */
    aw(0, 0x310, 0xffu << 24);
    aw(0, 0x300, 0x54);
    CHECK_EQ("broadcast", irr_bit(0, 0x54) && irr_bit(1, 0x54), 1);
    /* logical flat */
    aw(0, 0xd0, 0x01u << 24);
    aw(1, 0xd0, 0x02u << 24);
    aw(0, 0x310, 0x02u << 24);
    aw(0, 0x300, 0x800 | 0x61);
    CHECK_EQ("flat: 1", irr_bit(1, 0x61), 1);
    CHECK_EQ("flat: not 0", irr_bit(0, 0x61), 0);
    /* logical cluster: cluster 1, members bit 0 and bit 1 */
    for (int i = 0; i < 2; i++) {
        aw(i, 0xe0, 0x0fffffff);
        aw(i, 0xd0, (0x10u | (1u << i)) << 24);
    }
    CHECK_EQ("DFR cluster", ar(0, 0xe0), 0x0fffffff);
    aw(0, 0x310, 0x13u << 24);
    aw(0, 0x300, 0x800 | 0x62);
    CHECK_EQ("cluster both", irr_bit(0, 0x62) && irr_bit(1, 0x62), 1);
    aw(0, 0x310, 0x22u << 24);
    aw(0, 0x300, 0x800 | 0x63);
    CHECK_EQ("other cluster: none", irr_bit(0, 0x63) || irr_bit(1, 0x63), 0);
    /* lowest priority: the lower TPR wins */
    aw(0, 0x80, 0x20);
    aw(0, 0x310, 0x13u << 24);
    aw(0, 0x300, 0x800 | 0x100 | 0x64);
    CHECK_EQ("lowest priority to 1", irr_bit(1, 0x64), 1);
    CHECK_EQ("not to 0", irr_bit(0, 0x64), 0);
    /* INIT, SIPI, NMI */
    aw(0, 0x310, 1u << 24);
    aw(0, 0x300, 0x4500);
    CHECK_EQ("INIT", pend(1, X86_PEND_INIT), 1);
    CHECK_EQ("INIT resets the target APIC", irr_bit(1, 0x53), 0);
    CHECK_EQ("INIT keeps the id", ar(1, 0x20), 1u << 24);
    aw(0, 0x300, 0x8000 | 0x0500);                  /* INIT level de-assert: nothing */
    aw(0, 0x300, 0x4600 | 0x9a);
    CHECK_EQ("SIPI", pend(1, X86_PEND_SIPI), 1);
    CHECK_EQ("SIPI vector", cpus[1].sys.sipi_vector, 0x9a);
    aw(0, 0x300, 0x4400);
    CHECK_EQ("NMI", pend(1, X86_PEND_NMI), 1);
    /* x2APIC */
    uint64_t v = 0;
    CHECK_EQ("x2APIC MSRs refused in xAPIC mode", apic_intc_ops.rdmsr(lapic[1], 0x802, &v), 0);
    CHECK_EQ("to x2APIC", apic_intc_ops.wrmsr(lapic[1], 0x1b, 0xfee00000ull | 0xc00), 1);
    CHECK_EQ("x2APIC id", apic_intc_ops.rdmsr(lapic[1], 0x802, &v) && v == 1, 1);
    CHECK_EQ("x2APIC LDR", apic_intc_ops.rdmsr(lapic[1], 0x80d, &v) && v == 2, 1);
    CHECK_EQ("EOI is write-only", apic_intc_ops.rdmsr(lapic[1], 0x80b, &v), 0);
    CHECK_EQ("no DFR", apic_intc_ops.rdmsr(lapic[1], 0x80e, &v), 0);
    CHECK_EQ("MMIO off in x2APIC mode", ar(1, 0x20), 0);
    apic_intc_ops.wrmsr(lapic[1], 0x80f, 0x1ff);
    CHECK_EQ("ICR to xAPIC 0", apic_intc_ops.wrmsr(lapic[1], 0x830, (0ull << 32) | 0x71), 1);
    CHECK_EQ("x2 -> 0", irr_bit(0, 0x71), 1);
    CHECK_EQ("SELF IPI", apic_intc_ops.wrmsr(lapic[1], 0x83f, 0x72), 1);
    CHECK_EQ("self IRR", apic_intc_ops.rdmsr(lapic[1], 0x823, &v) && (v >> 18 & 1), 1);
    CHECK_EQ("EOI with data refused", apic_intc_ops.wrmsr(lapic[1], 0x80b, 1), 0);
    CHECK_EQ("x2APIC -> xAPIC refused", apic_intc_ops.wrmsr(lapic[1], 0x1b, 0xfee00800ull), 0);
    CHECK_EQ("disable", apic_intc_ops.wrmsr(lapic[1], 0x1b, 0xfee00000ull), 1);
    CHECK_EQ("disabled -> x2APIC refused", apic_intc_ops.wrmsr(lapic[1], 0x1b, 0xfee00c00ull), 0);
    CHECK_EQ("unknown MSR", apic_intc_ops.rdmsr(lapic[1], 0x10, &v), 0);
    /* an MSI (as phys_write from a device would make it) */
    apic_bus_msi(bus, 0xfee00000ull, 0x91);
    CHECK_EQ("MSI to 0", irr_bit(0, 0x91), 1);
    apic_bus_reset(bus);
    CHECK_EQ("reset clears IRR", irr_bit(0, 0x91), 0);
}

static void test_ioapic(void)
{
    apic_setup();
    IOAPICState *io = ioapic_new(bus, 0);
    IRQ pin4 = ioapic_input(io, 4), pin5 = ioapic_input(io, 5);
    CHECK_EQ("version", io_get(io, 0x01), 0x00170020);
    CHECK_EQ("reset entry masked", ioapic_entry(io, 4), 0x10000);
    /* pin 4: edge, vector 0x31, physical to APIC 1 */
    io_sel(io, 0x19, 1u << 24);
    io_sel(io, 0x18, 0x31);
    CHECK_EQ("entry readback", io_get(io, 0x18), 0x31);
    irq_set(&pin4, 1);
    CHECK_EQ("edge delivered", irr_bit(1, 0x31), 1);
    CHECK_EQ("INTA", ack(1), 0x31);
    CHECK_EQ("edge: TMR clear", ar(1, 0x180 + 0x10) >> 17 & 1, 0);
    aw(1, 0xb0, 0);
    irq_set(&pin4, 1);
    CHECK_EQ("no new edge", irr_bit(1, 0x31), 0);
    irq_set(&pin4, 0);
    /* pin 5: level, vector 0x41 to APIC 0 */
    io_sel(io, 0x1b, 0);
    io_sel(io, 0x1a, 0x8000 | 0x41);
    irq_set(&pin5, 1);
    CHECK_EQ("level delivered", irr_bit(0, 0x41), 1);
    CHECK_EQ("remote IRR", io_get(io, 0x1a) >> 14 & 1, 1);
    CHECK_EQ("TMR set", ar(0, 0x180 + 0x20) >> 1 & 1, 1);
    CHECK_EQ("INTA level", ack(0), 0x41);
    aw(0, 0xb0, 0);
    CHECK_EQ("EOI broadcast: resent while high", irr_bit(0, 0x41), 1);
    irq_set(&pin5, 0);
    ack(0);
    aw(0, 0xb0, 0);
    CHECK_EQ("line low: remote IRR clear", io_get(io, 0x1a) >> 14 & 1, 0);
    CHECK_EQ("no more", irr_bit(0, 0x41), 0);
    /* the EOI register (0x40) clears remote IRR too */
    irq_set(&pin5, 1);
    ack(0);
    irq_set(&pin5, 0);
    ioapic_write(io, 0x40, 0x41, 4);
    CHECK_EQ("EOI register", io_get(io, 0x1a) >> 14 & 1, 0);
    aw(0, 0xb0, 0);
    /* masked: nothing; unmasking with the level high delivers */
    io_sel(io, 0x1a, 0x18000 | 0x42);
    irq_set(&pin5, 1);
    CHECK_EQ("masked", irr_bit(0, 0x42), 0);
    io_sel(io, 0x1a, 0x08000 | 0x42);
    CHECK_EQ("unmask delivers", irr_bit(0, 0x42), 1);
    irq_set(&pin5, 0);
    /* ID register */
    io_sel(io, 0x00, 0x05000000);
    CHECK_EQ("ID", io_get(io, 0x00), 0x05000000);
    CHECK_EQ("bad register", io_get(io, 0x60), 0);
    ioapic_reset(io);
    CHECK_EQ("reset", ioapic_entry(io, 5), 0x10000);
}

static void test_ioapic_extint(void)
{
    /* an IOAPIC pin in ExtINT mode (Linux's "through the 8259A" timer fallback) */
    apic_setup();
    clear_pend(0);
    aw(0, 0x350, 0x10700);                          /* LINT0 masked */
    I8259State *pic = i8259_new(sink(7));
    apic_bus_set_extint(bus, i8259_inta, pic);
    pic_init(pic, 0x01);
    IOAPICState *io = ioapic_new(bus, 0);
    io_sel(io, 0x15, 0);
    io_sel(io, 0x14, 0x700);                        /* pin 2: ExtINT, edge, dest 0 */
    IRQ irq0 = i8259_input(pic, 0), pin2 = ioapic_input(io, 2);
    irq_set(&irq0, 1);
    irq_set(&pin2, 1);
    CHECK_EQ("ExtINT message raises INTR", pend(0, X86_PEND_INTR), 1);
    CHECK_EQ("INTA from the 8259", ack(0), 0x20);
    CHECK_EQ("one ExtINT, one INTA", pend(0, X86_PEND_INTR), 0);
    /* lowest priority from the IOAPIC: to the APIC with the lower TPR */
    aw(0, 0x80, 0x40);
    aw(1, 0x80, 0x10);
    for (int i = 0; i < 2; i++)
        aw(i, 0xd0, 0x01000000u << i);
    io_sel(io, 0x17, 0x03000000);
    io_sel(io, 0x16, 0x900 | 0x66);                 /* pin 3: lowest priority, logical 0b11 */
    IRQ pin3 = ioapic_input(io, 3);
    irq_set(&pin3, 1);
    CHECK_EQ("lowest priority: APIC 1", irr_bit(1, 0x66), 1);
    CHECK_EQ("not APIC 0", irr_bit(0, 0x66), 0);
}

static void test_apic_extint(void)
{
    apic_setup();
    clear_pend(0);
    I8259State *pic = i8259_new(apic_lint(lapic[0], 0));
    apic_bus_set_extint(bus, i8259_inta, pic);
    pic_init(pic, 0x01);
    IRQ irq0 = i8259_input(pic, 0);
    irq_set(&irq0, 1);
    CHECK_EQ("PIC via LINT0 ExtINT", pend(0, X86_PEND_INTR), 1);
    CHECK_EQ("INTA goes to the PIC", ack(0), 0x20);
    CHECK_EQ("INTR low after INTA", pend(0, X86_PEND_INTR), 0);
    i8259_port_write(pic, 0x20, 0x20);
    irq_set(&irq0, 0);
    /* LINT0 masked: the PIC is cut off */
    aw(0, 0x350, 0x10700);
    irq_set(&irq0, 1);
    CHECK_EQ("LINT0 masked", pend(0, X86_PEND_INTR), 0);
    irq_set(&irq0, 0);
    /* LINT1 as NMI */
    aw(0, 0x360, 0x400);
    IRQ lint1 = apic_lint(lapic[0], 1);
    irq_set(&lint1, 1);
    CHECK_EQ("LINT1 NMI", pend(0, X86_PEND_NMI), 1);
}

static void test_apic_timer(void)
{
    apic_setup();
    aw(0, 0x3e0, 0xb);                              /* divide by 1 */
    aw(0, 0x320, 0x20000 | 0xe0);                   /* periodic */
    aw(0, 0x380, 1000);
    CHECK_EQ("initial count", ar(0, 0x380), 1000);
    advance(250);
    CHECK_EQ("current count", ar(0, 0x390), 750);
    CHECK_EQ("not yet", irr_bit(0, 0xe0), 0);
    advance(750);
    CHECK_EQ("periodic fired", irr_bit(0, 0xe0), 1);
    ack(0);
    aw(0, 0xb0, 0);
    advance(100);
    CHECK_EQ("reloaded", ar(0, 0x390), 900);
    advance(900);
    CHECK_EQ("fired again", irr_bit(0, 0xe0), 1);
    ack(0);
    aw(0, 0xb0, 0);
    /* one-shot with divide by 16: 10 counts = 160 ns */
    aw(0, 0x3e0, 0x3);
    aw(0, 0x320, 0xe1);
    aw(0, 0x380, 10);
    advance(80);
    CHECK_EQ("divided count", ar(0, 0x390), 5);
    advance(80);
    CHECK_EQ("one-shot fired", irr_bit(0, 0xe1), 1);
    CHECK_EQ("stays at 0", ar(0, 0x390), 0);
    ack(0);
    aw(0, 0xb0, 0);
    advance(1000);
    CHECK_EQ("no second shot", irr_bit(0, 0xe1), 0);
    /* an initial count of 1 (1 ns periods) coalesces instead of flooding the host */
    aw(0, 0x320, 0x20000 | 0xe5);
    aw(0, 0x380, 1);
    advance(5000);
    CHECK_EQ("tiny period still fires", irr_bit(0, 0xe5), 1);
    aw(0, 0x380, 0);
    CHECK_EQ("count 0 stops it", timer_next_deadline() == INT64_MAX ||
             timer_next_deadline() > clock_ns() + 1000000000, 1);
    ack(0);
    aw(0, 0xb0, 0);
    /* masked: counts but does not interrupt */
    aw(0, 0x3e0, 0xb);
    aw(0, 0x320, 0x10000 | 0xe3);
    aw(0, 0x380, 100);
    advance(200);
    CHECK_EQ("masked timer", irr_bit(0, 0xe3), 0);
    /* TSC-deadline */
    aw(0, 0x320, 0x40000 | 0xe2);
    CHECK_EQ("initial count ignored in deadline mode", (aw(0, 0x380, 5), ar(0, 0x380)), 0);
    uint64_t tsc = (uint64_t)clock_ns() + (uint64_t)cpus[0].sys.tsc_offset, v = 0;
    apic_intc_ops.wrmsr(lapic[0], 0x6e0, tsc + 1000);
    apic_intc_ops.rdmsr(lapic[0], 0x6e0, &v);
    CHECK_EQ("deadline readback", v, tsc + 1000);
    advance(999);
    CHECK_EQ("deadline not reached", irr_bit(0, 0xe2), 0);
    advance(1);
    CHECK_EQ("deadline fired", irr_bit(0, 0xe2), 1);
    apic_intc_ops.rdmsr(lapic[0], 0x6e0, &v);
    CHECK_EQ("deadline disarmed", v, 0);
    ack(0);
    aw(0, 0xb0, 0);
    apic_intc_ops.wrmsr(lapic[0], 0x6e0, tsc);      /* in the past: at once */
    CHECK_EQ("past deadline fires", irr_bit(0, 0xe2), 1);
    aw(0, 0x320, 0xe4);                             /* back to one-shot: writes ignored */
    apic_intc_ops.wrmsr(lapic[0], 0x6e0, tsc + 5);
    apic_intc_ops.rdmsr(lapic[0], 0x6e0, &v);
    CHECK_EQ("deadline MSR reads 0 outside the mode", v, 0);
}

/* ---- 8254 ---- */

static uint16_t pit_read16(I8254State *p, int ch)
{
    uint8_t lo = i8254_port_read(p, 0x40 + ch);
    return (uint16_t)(lo | i8254_port_read(p, 0x40 + ch) << 8);
}

static void test_i8254(void)
{
    sink_clear();
    I8254State *p = i8254_new(sink(1));
    /* channel 0, mode 2 (rate generator), 1193 ticks: ~1 ms */
    i8254_port_write(p, 0x43, 0x34);
    i8254_port_write(p, 0x40, 1193 & 0xff);
    i8254_port_write(p, 0x40, 1193 >> 8);
    int edges = sink_edges[1];
    advance(500000);                                /* 596.6 ticks */
    i8254_port_write(p, 0x43, 0x00);                /* latch channel 0 */
    CHECK_EQ("latched count", pit_read16(p, 0), 1193 - 596);
    advance(500000);
    CHECK_EQ("one period, one edge", sink_edges[1] - edges, 1);
    for (int i = 0; i < 10; i++)
        advance(1000000);
    CHECK_EQ("ten more", sink_edges[1] - edges, 11);
    /* read-back: status and count of channel 0 */
    i8254_port_write(p, 0x43, 0xc2);
    uint8_t st = i8254_port_read(p, 0x40);
    CHECK_EQ("status: word, mode 2, binary", st & 0x3f, 0x34);
    CHECK_EQ("status: count loaded", st >> 6 & 1, 0);
    /* channel 2, mode 0, gated by port 0x61; OUT2 in bit 5 */
    i8254_port_write(p, 0x61, 0x01);
    i8254_port_write(p, 0x43, 0xb0);
    i8254_port_write(p, 0x42, 1000 & 0xff);
    i8254_port_write(p, 0x42, 1000 >> 8);
    CHECK_EQ("OUT2 low while counting", i8254_port_read(p, 0x61) >> 5 & 1, 0);
    CHECK_EQ("gate readback", i8254_port_read(p, 0x61) & 0x0f, 0x01);
    advance(838000);                                /* 999.9 ticks */
    CHECK_EQ("OUT2 still low", i8254_port_read(p, 0x61) >> 5 & 1, 0);
    advance(1000);
    CHECK_EQ("OUT2 high at terminal count", i8254_port_read(p, 0x61) >> 5 & 1, 1);
    /* gate low holds a mode 0 count */
    i8254_port_write(p, 0x43, 0xb0);
    i8254_port_write(p, 0x42, 0x10);
    i8254_port_write(p, 0x42, 0x27);                /* 10000 */
    advance(838100);                                /* 1000 ticks */
    i8254_port_write(p, 0x61, 0x00);
    advance(5000000);
    i8254_port_write(p, 0x43, 0x80);
    CHECK_EQ("held by the gate", pit_read16(p, 2), 9000);
    i8254_port_write(p, 0x61, 0x01);
    advance(838100);
    i8254_port_write(p, 0x43, 0x80);
    CHECK_EQ("resumed", pit_read16(p, 2), 8000);
    /* channel 1, mode 0, BCD, LSB only then MSB only */
    i8254_port_write(p, 0x43, 0x71);                /* ch1, word, mode 0, BCD */
    i8254_port_write(p, 0x41, 0x00);
    i8254_port_write(p, 0x41, 0x10);                /* 1000 decimal */
    advance(419050);                                /* 500 ticks */
    i8254_port_write(p, 0x43, 0x40);
    CHECK_EQ("BCD count", pit_read16(p, 1), 0x0500);
    /* channel 0, mode 0: IRQ 0 rises at the terminal count */
    i8254_port_write(p, 0x43, 0x30);
    i8254_port_write(p, 0x40, 100);
    i8254_port_write(p, 0x40, 0);
    CHECK_EQ("mode 0 OUT low", sink_level[1], 0);
    advance(84000);                                 /* 100.2 ticks */
    CHECK_EQ("mode 0 OUT high", sink_level[1], 1);
    /* mode 3 square wave on channel 2: OUT2 high for the first half */
    i8254_port_write(p, 0x43, 0xb6);
    i8254_port_write(p, 0x42, 100);
    i8254_port_write(p, 0x42, 0);
    advance(20000);                                 /* 23.9 ticks */
    CHECK_EQ("square high half", i8254_port_read(p, 0x61) >> 5 & 1, 1);
    advance(21000);                                 /* 48.9 -> 50.9 ticks */
    advance(1000);
    CHECK_EQ("square low half", i8254_port_read(p, 0x61) >> 5 & 1, 0);
    /* mode 4 on channel 0 (Linux's one-shot clockevent): one IRQ edge at the count */
    i8254_port_write(p, 0x43, 0x38);
    int e4 = sink_edges[1];
    i8254_port_write(p, 0x40, 50);
    i8254_port_write(p, 0x40, 0);
    advance(41000);                                 /* 48.9 ticks */
    CHECK_EQ("mode 4: not yet", sink_edges[1], e4);
    advance(2000);
    CHECK_EQ("mode 4: strobe", sink_edges[1], e4 + 1);
    advance(1000000);
    CHECK_EQ("mode 4: once", sink_edges[1], e4 + 1);
    /* mode 1 on channel 2: the count waits for a rising gate, OUT low while it runs */
    i8254_port_write(p, 0x61, 0x00);
    i8254_port_write(p, 0x43, 0xb2);
    i8254_port_write(p, 0x42, 100);
    i8254_port_write(p, 0x42, 0);
    advance(1000000);
    CHECK_EQ("mode 1: OUT high before the trigger", i8254_port_read(p, 0x61) >> 5 & 1, 1);
    i8254_port_write(p, 0x61, 0x01);
    CHECK_EQ("mode 1: OUT low once triggered", i8254_port_read(p, 0x61) >> 5 & 1, 0);
    advance(85000);
    CHECK_EQ("mode 1: OUT high at the end", i8254_port_read(p, 0x61) >> 5 & 1, 1);
    /* a second latch before the read is ignored */
    i8254_port_write(p, 0x43, 0x30);
    i8254_port_write(p, 0x40, 0x00);
    i8254_port_write(p, 0x40, 0x40);                /* 0x4000 */
    i8254_port_write(p, 0x43, 0x00);
    uint16_t first = 0;
    advance(8381);                                  /* 10 ticks */
    i8254_port_write(p, 0x43, 0x00);
    first = pit_read16(p, 0);
    CHECK_EQ("first latch kept", first, 0x4000);
    i8254_reset(p);
    CHECK_EQ("reset: IRQ low", sink_level[1], 0);
    CHECK_EQ("bad port", i8254_port_read(p, 0x44), 0xff);
}

/* ---- MC146818 ---- */

static uint8_t cmos_r(MC146818State *r, int i)
{
    mc146818_port_write(r, 0, (uint8_t)i);
    return mc146818_port_read(r, 1);
}

static void cmos_w(MC146818State *r, int i, uint8_t v)
{
    mc146818_port_write(r, 0, (uint8_t)i);
    mc146818_port_write(r, 1, v);
}

static int bcd(int v) { return (v / 10) << 4 | v % 10; }

static void test_mc146818(void)
{
    sink_clear();
    /* the RTC follows the (stopped) virtual clock from a fixed date */
    rtc_parse_opts("base=2006-06-17T16:01:21,clock=vm");
    MC146818State *r = mc146818_new(sink(2));
    int64_t t0 = mc146818_time(r);
    time_t tt = (time_t)t0;
    struct tm tm;
    gmtime_r(&tt, &tm);
    CHECK_EQ("base date", t0 - clock_ns() / 1000000000, 1150560081);
    CHECK_EQ("seconds (BCD)", cmos_r(r, 0), bcd(tm.tm_sec));
    CHECK_EQ("minutes", cmos_r(r, 2), bcd(tm.tm_min));
    CHECK_EQ("hours", cmos_r(r, 4), bcd(tm.tm_hour));
    CHECK_EQ("weekday (Saturday = 7)", cmos_r(r, 6), tm.tm_wday + 1);
    CHECK_EQ("day", cmos_r(r, 7), bcd(tm.tm_mday));
    CHECK_EQ("month", cmos_r(r, 8), bcd(tm.tm_mon + 1));
    CHECK_EQ("year", cmos_r(r, 9), bcd((tm.tm_year + 1900) % 100));
    CHECK_EQ("century", cmos_r(r, 0x32), bcd((tm.tm_year + 1900) / 100));
    CHECK_EQ("register A", cmos_r(r, 0x0a) & 0x7f, 0x26);
    CHECK_EQ("register B", cmos_r(r, 0x0b), 0x02);
    CHECK_EQ("register D", cmos_r(r, 0x0d), 0x80);
    /* binary and 12-hour modes */
    cmos_w(r, 0x0b, 0x06);
    CHECK_EQ("binary hours", cmos_r(r, 4), tm.tm_hour);
    cmos_w(r, 0x0b, 0x04);
    CHECK_EQ("12-hour PM", cmos_r(r, 4), (tm.tm_hour % 12 ? tm.tm_hour % 12 : 12) |
             (tm.tm_hour >= 12 ? 0x80 : 0));
    /* setting the time under SET */
    cmos_w(r, 0x0b, 0x86);                          /* SET, binary, 24 h */
    cmos_w(r, 4, 10);
    cmos_w(r, 2, 30);
    cmos_w(r, 0, 0);
    advance(3000000000ll);
    CHECK_EQ("frozen under SET", cmos_r(r, 0), 0);
    cmos_w(r, 0x0b, 0x06);
    int64_t day = t0 - t0 % 86400;
    CHECK_EQ("time set", mc146818_time(r), day + 10 * 3600 + 30 * 60);
    advance(2000000000ll);
    CHECK_EQ("running again", cmos_r(r, 0), 2);
    /* UIP during the last 244 us of a second */
    int64_t into = clock_rtc_ns() % 1000000000;
    advance(1000000000 - into - 100000);
    CHECK_EQ("UIP", cmos_r(r, 0x0a) >> 7, 1);
    advance(200000);
    CHECK_EQ("UIP clear after the update", cmos_r(r, 0x0a) >> 7, 0);
    /* a poller descheduled across the window still sees the update once */
    advance(500000000);
    CHECK_EQ("mid-second: no UIP", cmos_r(r, 0x0a) >> 7, 0);
    advance(600000000);
    CHECK_EQ("window missed: UIP once", cmos_r(r, 0x0a) >> 7, 1);
    CHECK_EQ("then clear", cmos_r(r, 0x0a) >> 7, 0);
    /* periodic interrupt at 1024 Hz */
    cmos_r(r, 0x0c);
    cmos_w(r, 0x0b, 0x46);
    advance(1000000);
    CHECK_EQ("periodic IRQ", sink_level[2], 1);
    CHECK_EQ("C: IRQF|PF", cmos_r(r, 0x0c) & 0xc0, 0xc0);
    CHECK_EQ("reading C lowers IRQ 8", sink_level[2], 0);
    cmos_w(r, 0x0b, 0x06);
    cmos_r(r, 0x0c);
    /* alarm two seconds ahead, hours and minutes "don't care" */
    int sec = cmos_r(r, 0);
    cmos_w(r, 1, (uint8_t)((sec + 2) % 60));
    cmos_w(r, 3, 0xff);
    cmos_w(r, 5, 0xff);
    cmos_w(r, 0x0b, 0x26);                          /* AIE */
    advance(1000000000);
    CHECK_EQ("no alarm after 1 s", sink_level[2], 0);
    advance(1000000000);
    CHECK_EQ("alarm IRQ", sink_level[2], 1);
    CHECK_EQ("C: IRQF|AF|UF", cmos_r(r, 0x0c) & 0xb0, 0xb0);
    /* CMOS RAM and the memory-size bytes */
    mc146818_set_memory(r, 128ull << 20, 1ull << 30, 2);
    CHECK_EQ("base memory", cmos_r(r, 0x15) | cmos_r(r, 0x16) << 8, 640);
    CHECK_EQ("extended (capped)", cmos_r(r, 0x30) | cmos_r(r, 0x31) << 8, 0xffff);
    CHECK_EQ("above 16 MiB", cmos_r(r, 0x34) | cmos_r(r, 0x35) << 8, (112u << 20) >> 16);
    CHECK_EQ("above 4 GiB", cmos_r(r, 0x5b) | cmos_r(r, 0x5c) << 8 | cmos_r(r, 0x5d) << 16,
             (1u << 30) >> 16);
    CHECK_EQ("CPUs - 1", cmos_r(r, 0x5f), 1);
    cmos_w(r, 0x50, 0xa5);
    CHECK_EQ("RAM byte", cmos_r(r, 0x50), 0xa5);
    /* setting 12-hour BCD time: 11 PM */
    cmos_w(r, 0x0b, 0x80);                          /* SET, BCD, 12 h */
    cmos_w(r, 4, 0x91);                             /* PM | 11 */
    cmos_w(r, 0x0b, 0x00);
    cmos_w(r, 0x0b, 0x02);                          /* read back in 24 h */
    CHECK_EQ("12 h PM written, 24 h read", cmos_r(r, 4), 0x23);
    CHECK_EQ("index port reads 0xff", mc146818_port_read(r, 0), 0xff);
    mc146818_reset(r);
    CHECK_EQ("reset: interrupts off", cmos_r(r, 0x0b) & 0x70, 0);
}

/* ---- HPET ---- */

static void test_hpet(void)
{
    sink_clear();
    IRQ isa[16], gsi[24];
    for (int i = 0; i < 16; i++)
        isa[i] = sink(10 + i);
    for (int i = 0; i < 24; i++)
        gsi[i] = sink(30 + i);
    HPETState *h = hpet_new(isa, gsi);
    uint64_t cap = hpet_read(h, 0x000, 8);
    CHECK_EQ("period 10 ns in fs", cap >> 32, 10000000);
    CHECK_EQ("3 timers, 64-bit, legacy capable", cap & 0xffff, 0xa201);
    CHECK_EQ("32-bit high half", hpet_read(h, 0x004, 4), 10000000);
    CHECK_EQ("halted counter", hpet_read(h, 0x0f0, 8), 0);
    hpet_write(h, 0x0f0, 1000, 8);
    CHECK_EQ("counter write while halted", hpet_read(h, 0x0f0, 8), 1000);
    hpet_write(h, 0x010, 1, 8);
    advance(1000);
    CHECK_EQ("counts at 100 MHz", hpet_read(h, 0x0f0, 8), 1100);
    CHECK_EQ("timer 0 caps", hpet_read(h, 0x100, 8) & 0x30, 0x30);
    CHECK_EQ("timer 2 not periodic", hpet_read(h, 0x140, 8) & 0x10, 0);
    CHECK_EQ("route cap", hpet_read(h, 0x104, 4), HPET_ROUTE_CAP);
    /* the PIT input passes to ISA IRQ 0 until legacy replacement */
    IRQ pit = hpet_legacy_input(h, 0);
    irq_set(&pit, 1);
    CHECK_EQ("PIT passes", sink_level[10], 1);
    irq_set(&pit, 0);
    /* legacy: timer 0 periodic every 1000 ticks on ISA IRQ 0 */
    hpet_write(h, 0x010, 3, 8);
    uint64_t now = hpet_read(h, 0x0f0, 8);
    hpet_write(h, 0x100, 0x4c, 8);                  /* SETVAL | PERIODIC | ENABLE, edge */
    hpet_write(h, 0x108, now + 1000, 8);
    hpet_write(h, 0x108, 1000, 8);                  /* the period */
    int e0 = sink_edges[10];
    irq_set(&pit, 1);
    CHECK_EQ("PIT cut off in legacy mode", sink_edges[10], e0);
    irq_set(&pit, 0);
    advance(9999);
    CHECK_EQ("not yet", sink_edges[10], e0);
    advance(1);
    CHECK_EQ("first period", sink_edges[10], e0 + 1);
    for (int i = 0; i < 3; i++)
        advance(10000);
    CHECK_EQ("three more periods", sink_edges[10], e0 + 4);
    CHECK_EQ("comparator advanced", hpet_read(h, 0x108, 8), now + 5000);
    /* timer 2: one-shot, level, routed to pin 20 */
    now = hpet_read(h, 0x0f0, 8);
    hpet_write(h, 0x140, (20u << 9) | 0x06, 8);
    hpet_write(h, 0x148, now + 50, 8);
    advance(400);
    CHECK_EQ("not yet (level)", sink_level[50], 0);
    advance(100);
    CHECK_EQ("level IRQ on pin 20", sink_level[50], 1);
    CHECK_EQ("status bit", hpet_read(h, 0x020, 8), 4);
    hpet_write(h, 0x020, 4, 8);
    CHECK_EQ("status cleared", hpet_read(h, 0x020, 8), 0);
    CHECK_EQ("line low", sink_level[50], 0);
    hpet_write(h, 0x140, (5u << 9) | 0x06, 8);       /* a route outside the capability */
    CHECK_EQ("route kept", (hpet_read(h, 0x140, 8) >> 9) & 0x1f, 20);
    /* halting stops the counter */
    hpet_write(h, 0x010, 0, 8);
    now = hpet_read(h, 0x0f0, 8);
    advance(5000);
    CHECK_EQ("halted", hpet_read(h, 0x0f0, 8), now);
    irq_set(&pit, 1);
    CHECK_EQ("legacy off: PIT again", sink_level[10], 1);
    hpet_reset(h);
    CHECK_EQ("reset", hpet_read(h, 0x010, 8), 0);
}

/* ---- i8042 ---- */

static void test_i8042(void)
{
    sink_clear();
    I8042Outputs o = { .kbd_irq = sink(3), .aux_irq = sink(4), .a20 = sink(5), .reset = sink(6) };
    I8042State *k = i8042_new(&o);
    CHECK_EQ("status: empty, system flag", i8042_port_read(k, 0x64) & 0x05, 0x04);
    i8042_port_write(k, 0x64, 0xaa);
    CHECK_EQ("OBF after self-test", i8042_port_read(k, 0x64) & 1, 1);
    CHECK_EQ("self-test passed", i8042_port_read(k, 0x60), 0x55);
    CHECK_EQ("OBF clear", i8042_port_read(k, 0x64) & 1, 0);
    i8042_port_write(k, 0x64, 0x20);
    CHECK_EQ("command byte", i8042_port_read(k, 0x60), 0x45);
    i8042_port_write(k, 0x64, 0x60);
    i8042_port_write(k, 0x60, 0x47);
    i8042_port_write(k, 0x64, 0x20);
    CHECK_EQ("command byte written", i8042_port_read(k, 0x60), 0x47);
    CHECK_EQ("interface test", (i8042_port_write(k, 0x64, 0xab), i8042_port_read(k, 0x60)), 0);
    /* keyboard reset with IRQ 1 */
    i8042_port_write(k, 0x60, 0xff);
    CHECK_EQ("IRQ 1", sink_level[3], 1);
    CHECK_EQ("ACK", i8042_port_read(k, 0x60), 0xfa);
    CHECK_EQ("BAT passed", i8042_port_read(k, 0x60), 0xaa);
    CHECK_EQ("IRQ 1 low when drained", sink_level[3], 0);
    i8042_port_write(k, 0x60, 0xf2);
    CHECK_EQ("identify ACK", i8042_port_read(k, 0x60), 0xfa);
    CHECK_EQ("identify 1", i8042_port_read(k, 0x60), 0xab);
    CHECK_EQ("identify 2", i8042_port_read(k, 0x60), 0x83);
    i8042_port_write(k, 0x60, 0xed);
    i8042_port_write(k, 0x60, 0x07);
    CHECK_EQ("LED ACKs", i8042_port_read(k, 0x60) == 0xfa && i8042_port_read(k, 0x60) == 0xfa, 1);
    /* aux loopback on IRQ 12 */
    i8042_port_write(k, 0x64, 0xd3);
    i8042_port_write(k, 0x60, 0x5a);
    CHECK_EQ("aux OBF", i8042_port_read(k, 0x64) & 0x21, 0x21);
    CHECK_EQ("IRQ 12", sink_level[4], 1);
    CHECK_EQ("aux byte", i8042_port_read(k, 0x60), 0x5a);
    /* A20 through the output port and the 0xdd/0xdf commands */
    i8042_port_write(k, 0x64, 0xdd);
    CHECK_EQ("A20 off", sink_level[5] == 0 && !i8042_a20(k), 1);
    i8042_port_write(k, 0x64, 0xd1);
    i8042_port_write(k, 0x60, 0x03);
    CHECK_EQ("A20 on via output port", sink_level[5] == 1 && i8042_a20(k), 1);
    i8042_port_write(k, 0x64, 0xd0);
    CHECK_EQ("output port", i8042_port_read(k, 0x60) & 0x03, 0x03);
    CHECK_EQ("no reset yet", sink_level[6], 0);
    i8042_port_write(k, 0x64, 0xfe);
    CHECK_EQ("0xfe pulses reset", sink_level[6], 1);
    sink_level[6] = 0;
    i8042_port_write(k, 0x64, 0xd1);
    i8042_port_write(k, 0x60, 0x02);
    CHECK_EQ("output port bit 0 low resets", sink_level[6], 1);
    i8042_put_key(k, 0x1e);
    CHECK_EQ("scan code", i8042_port_read(k, 0x60), 0x1e);
}

/* ---- mappings: ports and MMIO through the I/O and memory layers ---- */

static void test_mappings(void)
{
    io_reset();
    mem_reset();
    sink_clear();
    I8259State *pic = i8259_create(sink(0));
    i8254_create(sink(1));
    mc146818_create(0x70, sink(2));
    I8042Outputs o = { .reset = sink(6) };
    i8042_create(&o);
    io_write(0x20, 0x11, 1);
    io_write(0x21, 0x30, 1);
    io_write(0x21, 0x04, 1);
    io_write(0x21, 0x01, 1);
    io_write(0x21, 0x5a, 1);
    CHECK_EQ("PIC IMR through the port space", io_read(0x21, 1), 0x5a);
    CHECK_EQ("PIC object", i8259_port_read(pic, 0x21), 0x5a);
    io_write(0x4d1, 0x28, 1);                      /* IRQ 11 level; 13 stays edge */
    CHECK_EQ("ELCR port", io_read(0x4d1, 1), 0x08);
    io_write(0x70, 0x0d, 1);
    CHECK_EQ("RTC register D", io_read(0x71, 1), 0x80);
    io_write(0x61, 0x03, 1);
    CHECK_EQ("port 0x61", io_read(0x61, 1) & 0x0f, 0x03);
    io_write(0x64, 0xaa, 1);
    CHECK_EQ("i8042 status port", io_read(0x64, 1) & 1, 1);
    CHECK_EQ("i8042 data port", io_read(0x60, 1), 0x55);
    apic_setup();
    /* a fresh bus on the window: an MSI written like a device's DMA */
    APICBus *b = apic_bus_create(APIC_DEFAULT_BASE);
    X86CPU c = { 0 };
    X86CpuConfig cfg = { .apic_id = 3, .ncpus = 1, .bsp = true };
    x86_cpu_configure(&c, &cfg);
    APICState *a = apic_create(b, &c, 3);
    apic_mmio_write(a, 0xf0, 0x1ff);
    uint32_t data = 0x4093;
    CHECK_EQ("MSI write", phys_write(0xfee03000ull, &data, 4), 1);
    CHECK_EQ("MSI in IRR", apic_mmio_read(a, 0x200 + 0x40) >> 0x13 & 1, 1);
    current_cpu = &c.cs;
    uint64_t v = 0;
    phys_access(0xfee00020ull, &v, 4, false);
    CHECK_EQ("xAPIC ID through the window", v, 3u << 24);
    current_cpu = NULL;
    IOAPICState *io = ioapic_create(IOAPIC_DEFAULT_BASE, b, 0);
    (void)io;
    data = 1;
    phys_write(IOAPIC_DEFAULT_BASE, &data, 4);
    phys_read(IOAPIC_DEFAULT_BASE + 0x10, &data, 4);
    CHECK_EQ("IOAPIC version through MMIO", data, 0x00170020);
    HPETState *h = hpet_create(HPET_DEFAULT_BASE, NULL, NULL);
    (void)h;
    uint64_t cap = 0;
    phys_read(HPET_DEFAULT_BASE, &cap, 8);
    CHECK_EQ("HPET capabilities through MMIO", cap >> 32, 10000000);
}

/* ---- wild accesses: random registers and values never crash or hang ---- */

static uint64_t rnd_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return rnd_state;
}

static void test_wild(void)
{
    sink_clear();
    apic_setup();
    IOAPICState *io = ioapic_new(bus, 0);
    I8259State *pic = i8259_new(apic_lint(lapic[0], 0));
    apic_bus_set_extint(bus, i8259_inta, pic);
    I8254State *pit = i8254_new(sink(1));
    MC146818State *rtc = mc146818_new(sink(2));
    IRQ isa[16], gsi[24];
    for (int i = 0; i < 16; i++)
        isa[i] = sink(10 + i);
    for (int i = 0; i < 24; i++)
        gsi[i] = sink(30 + i);
    HPETState *h = hpet_new(isa, gsi);
    I8042Outputs o = { .reset = sink(6) };
    I8042State *k = i8042_new(&o);
    static const uint32_t pic_ports[] = { 0x20, 0x21, 0xa0, 0xa1, 0x4d0, 0x4d1 };
    for (int i = 0; i < 20000; i++) {
        uint64_t r = rnd(), v = rnd();
        switch (r % 9) {
        case 0: apic_mmio_write(lapic[r >> 8 & 1], (uint32_t)(r >> 16) & 0xff0, (uint32_t)v); break;
        case 1: apic_intc_ops.wrmsr(lapic[r >> 8 & 1], 0x800 + (uint32_t)(r >> 16 & 0xff), v); break;
        case 2: ioapic_write(io, (r >> 8) % 3 * 0x10, v, 4); break;
        case 3: i8259_port_write(pic, pic_ports[(r >> 8) % 6], (uint8_t)v); break;
        case 4:
            i8254_port_write(pit, r & 0x100000 ? 0x61 : 0x40 + (uint32_t)(r >> 8) % 4, (uint8_t)v);
            break;
        case 5: mc146818_port_write(rtc, (uint32_t)(r >> 8) & 1, (uint8_t)v); break;
        case 6: hpet_write(h, (r >> 8) & 0x3f8, v, r & 0x10000 ? 8 : 4); break;
        case 7: i8042_port_write(k, r & 0x100 ? 0x64 : 0x60, (uint8_t)v); break;
        default: {
            IRQ in = r & 0x100 ? ioapic_input(io, (int)(v % 24)) : i8259_input(pic, (int)(v % 16));
            irq_set(&in, (int)(r >> 9 & 1));
            ack((int)(r >> 10 & 1));
            break;
        }
        }
        apic_mmio_read(lapic[v & 1], (uint32_t)(v >> 8) & 0xff0);
        hpet_read(h, (v >> 20) & 0x3f8, 8);
        i8254_port_read(pit, 0x40 + (uint32_t)(v >> 30) % 3);
        mc146818_port_read(rtc, 1);
        if (!(i % 64))
            advance((int64_t)(r >> 40) % 2000000);
    }
    /* the run itself is the test: it ended; the devices still answer */
    CHECK_EQ("IOAPIC version after the storm", io_get(io, 0x01), 0x00170020);
    CHECK_EQ("APIC version after the storm", ar(0, 0x30), 0x00060014);
}

int main(void)
{
    log_parse_mask("guest_errors,unimp");
    log_set_file("/dev/null");
    clock_ns();
    clock_stop();                       /* the tests advance the virtual clock themselves */
    test_i8259();
    test_apic_regs();
    test_apic_ipi();
    test_ioapic();
    test_apic_extint();
    test_ioapic_extint();
    test_apic_timer();
    test_i8254();
    test_mc146818();
    test_hpet();
    test_i8042();
    test_mappings();
    test_wild();
    if (failures) {
        fprintf(stderr, "test_x86_devices: %d failures\n", failures);
        return 1;
    }
    printf("test_x86_devices: all passed\n");
    return 0;
}
