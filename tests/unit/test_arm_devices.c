/* arm virt device tests: GICv2 and GICv3 (SGI, PPI, SPI, priorities, EOI), PL011, PL031, PL061. */
#include <string.h>
#include <time.h>
#include "trix/machine.h"
#include "hw/char/pl011.h"
#include "hw/gpio/pl061.h"
#include "hw/intc/arm_gicv2.h"
#include "hw/intc/arm_gicv3.h"
#include "hw/rtc/pl031.h"

static int failures;

#define CHECK_EQ(what, got, want) do { \
    unsigned long long g_ = (unsigned long long)(got), w_ = (unsigned long long)(want); \
    if (g_ != w_) { \
        fprintf(stderr, "%s:%d: %s: got %#llx, want %#llx\n", __FILE__, __LINE__, what, g_, w_); \
        failures++; \
    } \
} while (0)

static int sink_level[8];
static void sink_set(void *opaque, int n, int level) { sink_level[n] = level; }
static IRQ sink(int n) { return irq_make(sink_set, NULL, n); }

/* The vCPU making the access: the GIC banks by current_cpu->cpu_index. */
static CPUState fake_cpu[4];
static void as_cpu(int i) { fake_cpu[i].cpu_index = i; current_cpu = &fake_cpu[i]; }

/* ---- GICv2 ---- */

static uint32_t d2r(GICState *s, uint64_t off) { return (uint32_t)gicv2_dist_access(s, off, 0, 4, false); }
static void d2w(GICState *s, uint64_t off, uint32_t v) { gicv2_dist_access(s, off, v, 4, true); }
static uint32_t c2r(GICState *s, uint64_t off) { return (uint32_t)gicv2_cpu_access(s, off, 0, false); }
static void c2w(GICState *s, uint64_t off, uint32_t v) { gicv2_cpu_access(s, off, v, true); }

static void test_gicv2_spi(void)
{
    IRQ out[2] = { sink(0), sink(1) };
    GICState *s = gic_new(2, 2, out);
    IRQ spi5 = gic_spi_input(s, 5);             /* INTID 37 */
    as_cpu(0);
    CHECK_EQ("TYPER", d2r(s, 0x004), (GIC_NR_IRQ / 32 - 1) | (1u << 5));
    d2w(s, 0x000, 1);                           /* GICD_CTLR */
    d2w(s, 0x100 + 4, 1u << 5);                 /* ISENABLER1: 37 */
    gicv2_dist_access(s, 0x400 + 37, 0x80, 1, true);
    gicv2_dist_access(s, 0x800 + 37, 0x02, 1, true);   /* target CPU 1 */
    c2w(s, 0x00, 1);
    c2w(s, 0x04, 0xf0);
    as_cpu(1);
    c2w(s, 0x00, 1);
    c2w(s, 0x04, 0xf0);
    irq_set(&spi5, 1);
    CHECK_EQ("CPU 0 not targeted", sink_level[0], 0);
    CHECK_EQ("CPU 1 IRQ", sink_level[1], 1);
    CHECK_EQ("ISPENDR1", d2r(s, 0x200 + 4), 1u << 5);
    CHECK_EQ("HPPIR", c2r(s, 0x18), 37);
    CHECK_EQ("IAR", c2r(s, 0x0c), 37);
    CHECK_EQ("IRQ drops while active", sink_level[1], 0);
    CHECK_EQ("RPR", c2r(s, 0x14), 0x80);
    CHECK_EQ("ISACTIVER1", d2r(s, 0x300 + 4), 1u << 5);
    c2w(s, 0x10, 37);                           /* EOIR */
    CHECK_EQ("level still high: pending again", sink_level[1], 1);
    irq_set(&spi5, 0);
    CHECK_EQ("line low", sink_level[1], 0);
    CHECK_EQ("IAR spurious", c2r(s, 0x0c), GIC_SPURIOUS);
    /* Priority masking: PMR at or below the priority blocks it. */
    c2w(s, 0x04, 0x80);
    irq_set(&spi5, 1);
    CHECK_EQ("masked by PMR", sink_level[1], 0);
    c2w(s, 0x04, 0x90);
    CHECK_EQ("unmasked", sink_level[1], 1);
}

static void test_gicv2_sgi(void)
{
    IRQ out[2] = { sink(0), sink(1) };
    GICState *s = gic_new(2, 2, out);
    for (int c = 0; c < 2; c++) {
        as_cpu(c);
        c2w(s, 0x00, 1);
        c2w(s, 0x04, 0xff);
    }
    as_cpu(0);
    d2w(s, 0x000, 1);
    d2w(s, 0xf00, (2u << 16) | 3);              /* SGI 3 to CPU 1 */
    CHECK_EQ("CPU 0 idle", sink_level[0], 0);
    CHECK_EQ("CPU 1 has SGI", sink_level[1], 1);
    as_cpu(1);
    CHECK_EQ("IAR: SGI 3 from CPU 0", c2r(s, 0x0c), 3);
    c2w(s, 0x10, 3);
    d2w(s, 0xf00, (1u << 24) | 5);              /* all but self (CPU 1) */
    CHECK_EQ("CPU 0 has SGI 5", sink_level[0], 1);
    as_cpu(0);
    CHECK_EQ("IAR: SGI 5 from CPU 1", c2r(s, 0x0c), (1u << 10) | 5);
    /* A PPI of CPU 0 only. */
    c2w(s, 0x10, (1u << 10) | 5);
    d2w(s, 0x100, 1u << 30);
    IRQ ppi = gic_ppi_input(s, 0, 30);
    irq_set(&ppi, 1);
    CHECK_EQ("PPI 30 on CPU 0", c2r(s, 0x0c), 30);
    CHECK_EQ("CPU 1 untouched", sink_level[1], 0);
    /* EOImode split: EOIR drops priority, DIR deactivates. */
    c2w(s, 0x00, 1 | (1u << 9));
    c2w(s, 0x10, 30);
    CHECK_EQ("still active after EOI", d2r(s, 0x300) >> 30 & 1, 1);
    c2w(s, 0x1000, 30);
    CHECK_EQ("inactive after DIR", d2r(s, 0x300) >> 30 & 1, 0);
}

/* ---- GICv3 ---- */

static uint64_t icc(GICState *s, int cpu, const char *name, bool write, uint64_t v)
{
    for (int i = 0; i < gicv3_icc_nregs; i++) {
        const A64DevSysReg *r = &gicv3_icc_regs[i];
        if (strcmp(r->name, name))
            continue;
        if (write) {
            r->write(gicv3_icc_opaque(s, cpu), NULL, v);
            return 0;
        }
        return r->read(gicv3_icc_opaque(s, cpu), NULL);
    }
    fprintf(stderr, "no %s\n", name);
    failures++;
    return 0;
}

static void test_gicv3(void)
{
    IRQ out[2] = { sink(2), sink(3) };
    uint64_t mpidr[2] = { 0, 1 };
    GICState *s = gicv3_create(0x08000000, 0x080a0000, 2, out, mpidr);
    as_cpu(0);
    CHECK_EQ("GICD_PIDR2", gicv3_dist_access(s, 0xffe8, 0, 4, false), 0x3b);
    CHECK_EQ("GICR_TYPER cpu0", gicv3_redist_access(s, 0x8, 0, 8, false), 0);
    CHECK_EQ("GICR_TYPER cpu1 (Last)", gicv3_redist_access(s, 0x20008, 0, 8, false),
             (1ull << 32) | (1u << 8) | (1u << 4));
    gicv3_redist_access(s, 0x14, 0, 4, true);   /* GICR_WAKER: wake */
    CHECK_EQ("WAKER awake", gicv3_redist_access(s, 0x14, 0, 4, false), 0);
    gicv3_dist_access(s, 0x0, 0x13, 4, true);   /* ARE, Grp1, Grp0 */
    for (int c = 0; c < 2; c++) {
        icc(s, c, "ICC_PMR_EL1", true, 0xf0);
        icc(s, c, "ICC_IGRPEN1_EL1", true, 1);
    }
    /* SPI 40 routed to CPU 1 by IROUTER. */
    gicv3_dist_access(s, 0x6000 + 8 * 40, 1, 8, true);
    gicv3_dist_access(s, 0x104, 1u << 8, 4, true);
    gicv3_dist_access(s, 0x400 + 40, 0xa0, 1, true);
    IRQ spi = gic_spi_input(s, 8);
    irq_set(&spi, 1);
    CHECK_EQ("CPU 0 idle", sink_level[2], 0);
    CHECK_EQ("CPU 1 IRQ", sink_level[3], 1);
    CHECK_EQ("HPPIR1", icc(s, 1, "ICC_HPPIR1_EL1", false, 0), 40);
    CHECK_EQ("IAR1", icc(s, 1, "ICC_IAR1_EL1", false, 0), 40);
    CHECK_EQ("RPR", icc(s, 1, "ICC_RPR_EL1", false, 0), 0xa0);
    irq_set(&spi, 0);
    icc(s, 1, "ICC_EOIR1_EL1", true, 40);
    CHECK_EQ("idle after EOI", icc(s, 1, "ICC_RPR_EL1", false, 0), 0xff);
    /* SGI 2 from CPU 0 to CPU 1 via ICC_SGI1R (Aff0 list bit 1), enabled in the SGI frame. */
    gicv3_redist_access(s, 0x20000 + 0x10100, 1u << 2, 4, true);
    icc(s, 0, "ICC_SGI1R_EL1", true, (2ull << 24) | 2);
    CHECK_EQ("SGI on CPU 1", icc(s, 1, "ICC_IAR1_EL1", false, 0), 2);
    CHECK_EQ("CPU 0 no SGI", icc(s, 0, "ICC_IAR1_EL1", false, 0), GIC_SPURIOUS);
    icc(s, 1, "ICC_EOIR1_EL1", true, 2);
    CHECK_EQ("SRE", icc(s, 0, "ICC_SRE_EL1", false, 0) & 1, 1);
    CHECK_EQ("CTLR PRIbits", (icc(s, 0, "ICC_CTLR_EL1", false, 0) >> 8) & 7, 4);
}

/* ---- PL011 ---- */

static void test_pl011(void)
{
    PL011State u;
    pl011_init(&u, NULL, sink(4));
    CHECK_EQ("PeriphID0", pl011_read(&u, 0xfe0, 4), 0x11);
    CHECK_EQ("PCellID3", pl011_read(&u, 0xffc, 4), 0xb1);
    CHECK_EQ("FR empty", pl011_read(&u, 0x18, 4), 0x90);
    pl011_write(&u, 0x2c, 0x70, 4);             /* LCR_H: FEN, 8 bits */
    pl011_write(&u, 0x38, 0x50, 4);             /* IMSC: RX, RT */
    CHECK_EQ("room", pl011_can_receive(&u), 32);
    pl011_receive(&u, (const uint8_t *)"hi", 2);
    CHECK_EQ("RX irq", sink_level[4], 1);
    CHECK_EQ("MIS", pl011_read(&u, 0x40, 4), 0x50);
    CHECK_EQ("DR h", pl011_read(&u, 0x0, 4), 'h');
    CHECK_EQ("DR i", pl011_read(&u, 0x0, 4), 'i');
    CHECK_EQ("irq low when drained", sink_level[4], 0);
    CHECK_EQ("FR RXFE", pl011_read(&u, 0x18, 4) & 0x10, 0x10);
    pl011_write(&u, 0x38, 0x20, 4);             /* TX interrupt */
    pl011_write(&u, 0x30, 0x301, 4);            /* UARTEN TXE RXE */
    pl011_write(&u, 0x0, 'x', 4);
    CHECK_EQ("TX irq", sink_level[4], 1);
    pl011_write(&u, 0x44, 0x20, 4);
    CHECK_EQ("TX irq cleared", sink_level[4], 0);
    pl011_write(&u, 0x30, 0x381, 4);            /* LBE: loopback */
    pl011_write(&u, 0x0, 'L', 4);
    CHECK_EQ("loopback", pl011_read(&u, 0x0, 4), 'L');
}

/* ---- PL031 / PL061 ---- */

static void test_pl031(void)
{
    PL031State *r = pl031_new(sink(5));
    uint32_t now = (uint32_t)pl031_read(r, 0x0, 4);
    CHECK_EQ("DR is the wall clock", now / 10, (uint32_t)time(NULL) / 10);
    pl031_write(r, 0x8, 1000, 4);               /* LR */
    CHECK_EQ("DR after load", pl031_read(r, 0x0, 4) - 1000 <= 1, 1);
    CHECK_EQ("CR running", pl031_read(r, 0xc, 4), 1);
    CHECK_EQ("PeriphID0", pl031_read(r, 0xfe0, 4), 0x31);
    pl031_write(r, 0x10, 1, 4);
    pl031_write(r, 0x4, (uint32_t)pl031_read(r, 0x0, 4) + 100, 4);
    CHECK_EQ("no match yet", sink_level[5], 0);
}

static void test_pl061(void)
{
    PL061State *g = pl061_new(sink(6));
    CHECK_EQ("PeriphID0", pl061_read(g, 0xfe0, 4), 0x61);
    pl061_write(g, 0x408, 1u << 3, 4);          /* IBE: both edges on line 3 */
    pl061_write(g, 0x410, 1u << 3, 4);          /* IE */
    pl061_set_input(g, 3, 1);
    CHECK_EQ("press: irq", sink_level[6], 1);
    CHECK_EQ("data via mask", pl061_read(g, (1u << 3) << 2, 4), 1u << 3);
    CHECK_EQ("masked-out data", pl061_read(g, (1u << 2) << 2, 4), 0);
    pl061_write(g, 0x41c, 1u << 3, 4);
    CHECK_EQ("cleared", sink_level[6], 0);
    pl061_set_input(g, 3, 0);
    CHECK_EQ("release: irq", sink_level[6], 1);
    pl061_write(g, 0x400, 0x01, 4);             /* line 0 output */
    pl061_write(g, 0x3fc, 0xff, 4);
    CHECK_EQ("output data", pl061_read(g, 0x3fc, 4), 0x01);
}

int main(void)
{
    log_parse_mask("guest_errors,unimp");
    log_set_file("/dev/null");
    test_gicv2_spi();
    test_gicv2_sgi();
    test_gicv3();
    test_pl011();
    test_pl031();
    test_pl061();
    if (failures) {
        fprintf(stderr, "test_arm_devices: %d failures\n", failures);
        return 1;
    }
    printf("test_arm_devices: all passed\n");
    return 0;
}
