/* Bare-metal checks of the arm virt devices (PL011, PL031, GICv2 or v3 by polling), then a UART echo. */
#include <stdint.h>

#define UART 0x09000000ul
#define RTC 0x09010000ul
#define GICD 0x08000000ul
#define GICC 0x08010000ul
#define GICR 0x080a0000ul

uint64_t sysreg_read_iar1(void);
void sysreg_write_eoir1(uint64_t v);
void sysreg_write_sgi1r(uint64_t v);
void sysreg_gicv3_init(void);
uint64_t read_cntpct(void);
uint64_t read_cntfrq(void);

static inline uint32_t rd(uint64_t a) { return *(volatile uint32_t *)a; }
static inline void wr(uint64_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline void wr8(uint64_t a, uint8_t v) { *(volatile uint8_t *)a = v; }

static void putc_(char c) { while (rd(UART + 0x18) & (1u << 5)) {} wr(UART, (uint8_t)c); }
static void puts_(const char *s) { while (*s) putc_(*s++); }
static void puthex(uint64_t v)
{
    puts_("0x");
    for (int i = 60; i >= 0; i -= 4)
        putc_("0123456789abcdef"[(v >> i) & 15]);
}
static int fails;
static void check(const char *what, uint64_t got, uint64_t want)
{
    puts_(got == want ? "ok   " : "FAIL ");
    puts_(what);
    if (got != want) {
        puts_(": got ");
        puthex(got);
        puts_(" want ");
        puthex(want);
        fails++;
    }
    puts_("\n");
}

static int gic_version(void)
{
    /* GICv2's GICD_PIDR2 is at 0xfe8 (ArchRev 2); on v3 that offset reads as zero. */
    return ((rd(GICD + 0xfe8) >> 4) & 0xf) == 2 ? 2 : 3;
}

static uint32_t gic_ack(int v3)
{
    return v3 ? (uint32_t)sysreg_read_iar1() : rd(GICC + 0x0c);
}

static void gic_eoi(int v3, uint32_t id)
{
    if (v3)
        sysreg_write_eoir1(id);
    else
        wr(GICC + 0x10, id);
}

/* Configure: distributor and CPU interface on, SPI 1 (the UART, INTID 33) enabled to CPU 0. */
static void gic_init(int v3)
{
    if (v3) {
        wr(GICR + 0x14, 0);                     /* GICR_WAKER: awake */
        while (rd(GICR + 0x14) & 4) {}
        wr(GICD + 0x0, 0x13);                   /* ARE, EnableGrp1, EnableGrp0 */
        wr(GICR + 0x10080, 0xffffffff);         /* SGIs/PPIs group 1 */
        wr(GICR + 0x10100, 1u << 3);            /* enable SGI 3 */
        wr(GICD + 0x84, 0xffffffff);            /* SPIs 32..63 group 1 */
        *(volatile uint64_t *)(GICD + 0x6000 + 8 * 33) = 0;     /* route to 0.0.0.0 */
        sysreg_gicv3_init();
    } else {
        wr(GICD + 0x0, 1);
        wr(GICC + 0x04, 0xf0);                  /* PMR */
        wr(GICC + 0x00, 1);
        wr8(GICD + 0x800 + 33, 1);              /* ITARGETSR: CPU 0 */
        wr(GICD + 0x100, 1u << 3);
    }
    wr8(GICD + 0x400 + 33, 0x80);
    wr(GICD + 0x104, 1u << 1);                  /* ISENABLER1: INTID 33 */
}

static void test_gic(void)
{
    int v3 = gic_version() == 3;
    puts_(v3 ? "GICv3\n" : "GICv2\n");
    gic_init(v3);
    /* SGI 3 to ourselves, taken by polling the acknowledge register with IRQs masked. */
    if (v3)
        sysreg_write_sgi1r((3ull << 24) | 1);    /* Aff 0.0.0, target list bit 0 */
    else
        wr(GICD + 0xf00, (2u << 24) | 3);       /* filter: this CPU only */
    check("SGI 3 acknowledged", gic_ack(v3) & 0x3ff, 3);
    gic_eoi(v3, 3);
    check("no more pending", gic_ack(v3) & 0x3ff, 1023);
    /* SPI 1 (INTID 33) made pending by software through GICD_ISPENDR1. */
    wr(GICD + 0x204, 1u << 1);
    check("SPI pending in ISPENDR1", (rd(GICD + 0x204) >> 1) & 1, 1);
    check("SPI 1 acknowledged", gic_ack(v3) & 0x3ff, 33);
    check("SPI active", (rd(GICD + 0x304) >> 1) & 1, 1);
    gic_eoi(v3, 33);
    check("SPI inactive after EOI", (rd(GICD + 0x304) >> 1) & 1, 0);
    check("SPI quiet after the read", gic_ack(v3) & 0x3ff, 1023);
}

static void test_ids_and_rtc(void)
{
    check("PL011 PeriphID0", rd(UART + 0xfe0), 0x11);
    check("PL011 PCellID1", rd(UART + 0xff4), 0xf0);
    check("PL031 PeriphID0", rd(RTC + 0xfe0), 0x31);
    uint32_t t = rd(RTC);
    check("RTC after 2020", t > 1577836800u, 1);
    check("CNTFRQ 62.5 MHz", read_cntfrq(), 62500000);
    uint64_t c0 = read_cntpct();
    while (read_cntpct() - c0 < 62500000 / 100) {}  /* 10 ms */
    check("counter advances", read_cntpct() > c0, 1);
}

static void echo(void)
{
    char line[64];
    int n = 0, rx_irq = 0;
    wr(UART + 0x38, 1u << 4);                   /* IMSC: RX interrupt to the GIC */
    puts_("echo> ");
    for (;;) {
        while (rd(UART + 0x18) & (1u << 4)) {}  /* RXFE */
        rx_irq |= (rd(GICD + 0x204) >> 1) & 1;  /* INTID 33 pending while data waits */
        char c = (char)rd(UART);
        if (c == '\r' || c == '\n')
            break;
        if (n < 63)
            line[n++] = c;
        putc_(c);
    }
    line[n] = 0;
    puts_("\ngot: [");
    puts_(line);
    puts_("]\n");
    check("UART RX interrupt pending at the GIC", rx_irq, 1);
}

int main(void)
{
    puts_("arm virt device test\n");
    test_ids_and_rtc();
    test_gic();
    puts_(fails ? "SOME CHECKS FAILED\n" : "all checks passed\n");
    echo();
    return 0;
}
