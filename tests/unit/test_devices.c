/* Device model tests: 16550A registers and interrupts, PLIC, CLINT timers, test finisher, RTC. */
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "trix/machine.h"
#include "hw/char/ns16550a.h"
#include "hw/intc/aclint.h"
#include "hw/intc/plic.h"
#include "hw/misc/htif.h"
#include "hw/misc/sifive_test.h"
#include "hw/rtc/goldfish_rtc.h"

static int failures;

#define CHECK_EQ(what, got, want) do { \
    unsigned long long g_ = (unsigned long long)(got), w_ = (unsigned long long)(want); \
    if (g_ != w_) { \
        fprintf(stderr, "%s:%d: %s: got %#llx, want %#llx\n", __FILE__, __LINE__, what, g_, w_); \
        failures++; \
    } \
} while (0)

/* A fake IRQ sink: the last level of up to 16 lines, plus edge counts. */
static int sink_level[16], sink_edges[16];
static void sink_set(void *opaque, int n, int level)
{
    if (sink_level[n] != level)
        sink_edges[n]++;
    sink_level[n] = level;
}
static IRQ sink(int n) { return irq_make(sink_set, NULL, n); }
static void sink_clear(void)
{
    memset(sink_level, 0, sizeof(sink_level));
    memset(sink_edges, 0, sizeof(sink_edges));
}

/* ---- 16550A ---- */

enum { RBR = 0, IER = 1, IIR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7 };

static uint8_t ur(NS16550AState *s, int reg) { return (uint8_t)ns16550a_read(s, reg, 1); }
static void uw(NS16550AState *s, int reg, uint8_t v) { ns16550a_write(s, reg, v, 1); }

static void test_uart_registers(void)
{
    NS16550AState s;
    sink_clear();
    ns16550a_init(&s, NULL, sink(0));
    CHECK_EQ("LSR after reset", ur(&s, LSR), 0x60);
    CHECK_EQ("IIR after reset", ur(&s, IIR), 0x01);
    CHECK_EQ("IER after reset", ur(&s, IER), 0);
    uw(&s, SCR, 0xa5);
    CHECK_EQ("scratch", ur(&s, SCR), 0xa5);
    /* Divisor latch: DLAB redirects offsets 0 and 1. */
    uw(&s, IER, 0x05);
    uw(&s, LCR, 0x83);
    uw(&s, RBR, 0x01);
    uw(&s, IER, 0x02);
    CHECK_EQ("DLL", ur(&s, RBR), 0x01);
    CHECK_EQ("DLM", ur(&s, IER), 0x02);
    uw(&s, LCR, 0x03);
    CHECK_EQ("IER kept under DLAB", ur(&s, IER), 0x05);
    CHECK_EQ("LCR", ur(&s, LCR), 0x03);
    CHECK_EQ("bad offset reads 0", ns16550a_read(&s, 0x40, 1), 0);
    ns16550a_write(&s, 0x40, 1, 1);         /* logged and ignored */
    CHECK_EQ("modem status inputs", ur(&s, MSR) & 0xf0, 0xb0);
}

static void test_uart_fifo_and_irqs(void)
{
    NS16550AState s;
    sink_clear();
    ns16550a_init(&s, NULL, sink(0));
    uw(&s, 2, 0x07 | 0x80);                 /* FIFO on, clear, trigger level 8 */
    CHECK_EQ("IIR FIFO bits", ur(&s, IIR), 0xc1);
    CHECK_EQ("can_receive (FIFO)", ns16550a_can_receive(&s), 16);
    ns16550a_receive(&s, (const uint8_t *)"abc", 3);
    CHECK_EQ("DR set", ur(&s, LSR) & 1, 1);
    CHECK_EQ("no irq without IER", sink_level[0], 0);
    uw(&s, IER, 0x01);                      /* receive interrupt */
    CHECK_EQ("below trigger: timeout", ur(&s, IIR), 0xcc);
    CHECK_EQ("irq raised", sink_level[0], 1);
    ns16550a_receive(&s, (const uint8_t *)"defghijklmnop", 13);
    CHECK_EQ("at trigger: RDA", ur(&s, IIR), 0xc4);
    CHECK_EQ("FIFO full", ns16550a_can_receive(&s), 0);
    ns16550a_receive(&s, (const uint8_t *)"q", 1);
    uw(&s, IER, 0x05);                      /* + line status */
    CHECK_EQ("overrun outranks data", ur(&s, IIR), 0xc6);
    CHECK_EQ("LSR OE", ur(&s, LSR) & 0x03, 0x03);
    CHECK_EQ("OE cleared by LSR read", ur(&s, LSR) & 0x02, 0);
    char got[17] = { 0 };
    for (int i = 0; i < 16; i++)
        got[i] = (char)ur(&s, RBR);
    CHECK_EQ("FIFO order", strcmp(got, "abcdefghijklmnop"), 0);
    CHECK_EQ("FIFO empty", ur(&s, LSR) & 1, 0);
    CHECK_EQ("no irq when drained", sink_level[0], 0);
    /* THRE: raised when enabled with an empty holding register, acknowledged by IIR. */
    uw(&s, IER, 0x02);
    CHECK_EQ("THRE irq", sink_level[0], 1);
    CHECK_EQ("IIR THRE", ur(&s, IIR), 0xc2);
    CHECK_EQ("THRE acked by IIR read", ur(&s, IIR), 0xc1);
    CHECK_EQ("irq low after ack", sink_level[0], 0);
    /* Loopback: transmitted bytes come back; MSR mirrors MCR. */
    uw(&s, MCR, 0x10 | 0x02 | 0x01);
    uw(&s, IER, 0x03);
    uw(&s, RBR, 'Z');
    CHECK_EQ("loopback data ready", ur(&s, LSR) & 1, 1);
    CHECK_EQ("RDA outranks THRE", ur(&s, IIR) & 0x0f, 0x0c);
    CHECK_EQ("loopback byte", ur(&s, RBR), 'Z');
    CHECK_EQ("then THRE", ur(&s, IIR) & 0x0f, 0x02);
    CHECK_EQ("loopback MSR", ur(&s, MSR) & 0xf0, 0x30);
    CHECK_EQ("loopback blocks input", ns16550a_can_receive(&s), 0);
    /* Non-FIFO mode holds one byte. */
    uw(&s, MCR, 0);
    uw(&s, 2, 0);
    CHECK_EQ("non-FIFO capacity", ns16550a_can_receive(&s), 1);
    CHECK_EQ("IIR no FIFO bits", ur(&s, IIR) & 0xc0, 0);
}

/* ---- PLIC ---- */

static uint32_t pr(PLICState *p, uint64_t off) { return (uint32_t)plic_read(p, off, 4); }
static void pw(PLICState *p, uint64_t off, uint32_t v) { plic_write(p, off, v, 4); }
#define PLIC_PRIO(n) (4u * (n))
#define PLIC_ENABLE(c) (0x2000u + 0x80u * (c))
#define PLIC_THRESHOLD(c) (0x200000u + 0x1000u * (c))
#define PLIC_CLAIM(c) (0x200004u + 0x1000u * (c))

static void test_plic(void)
{
    IRQ out[2] = { sink(0), sink(1) };
    sink_clear();
    PLICState *p = plic_new(2, out);
    IRQ uart = plic_input(p, 10), rtc = plic_input(p, 11), v1 = plic_input(p, 1);
    irq_set(&uart, 1);
    CHECK_EQ("pending bit", pr(p, 0x1000) >> 10 & 1, 1);
    CHECK_EQ("no output: priority 0", sink_level[1], 0);
    pw(p, PLIC_PRIO(10), 1);
    pw(p, PLIC_PRIO(11), 3);
    pw(p, PLIC_PRIO(1), 3);
    CHECK_EQ("priority masked to 3 bits", (pw(p, PLIC_PRIO(2), 0xff), pr(p, PLIC_PRIO(2))), 7);
    CHECK_EQ("no output: not enabled", sink_level[1], 0);
    pw(p, PLIC_ENABLE(1), (1u << 10) | (1u << 11) | (1u << 1) | 1u);
    CHECK_EQ("source 0 not enableable", pr(p, PLIC_ENABLE(1)), (1u << 10) | (1u << 11) | 2u);
    CHECK_EQ("S context raised", sink_level[1], 1);
    CHECK_EQ("M context idle", sink_level[0], 0);
    pw(p, PLIC_THRESHOLD(1), 1);
    CHECK_EQ("threshold masks priority 1", sink_level[1], 0);
    CHECK_EQ("claim under threshold", pr(p, PLIC_CLAIM(1)), 0);
    pw(p, PLIC_THRESHOLD(1), 0);
    irq_set(&rtc, 1);
    irq_set(&v1, 1);
    CHECK_EQ("highest priority, lowest id", pr(p, PLIC_CLAIM(1)), 1);
    CHECK_EQ("then the other priority 3", pr(p, PLIC_CLAIM(1)), 11);
    CHECK_EQ("then priority 1", pr(p, PLIC_CLAIM(1)), 10);
    CHECK_EQ("all claimed", pr(p, PLIC_CLAIM(1)), 0);
    CHECK_EQ("output low while in service", sink_level[1], 0);
    irq_set(&rtc, 0);
    pw(p, PLIC_CLAIM(1), 11);
    CHECK_EQ("completed, line low: idle", sink_level[1], 0);
    pw(p, PLIC_CLAIM(1), 10);
    CHECK_EQ("completed, line still high: pending again", sink_level[1], 1);
    CHECK_EQ("reclaim", pr(p, PLIC_CLAIM(1)), 10);
    pw(p, PLIC_CLAIM(0), 1);                /* not enabled for context 0: ignored */
    CHECK_EQ("completion on wrong context ignored", pr(p, 0x1000) >> 1 & 1, 0);
    pw(p, PLIC_CLAIM(1), 1);
    CHECK_EQ("level source re-pends", pr(p, 0x1000) >> 1 & 1, 1);
    irq_set(&v1, 0);
    CHECK_EQ("line low drops pending", pr(p, 0x1000) >> 1 & 1, 0);
    CHECK_EQ("bad offset", pr(p, 0x180000), 0);
    CHECK_EQ("context out of range", pr(p, PLIC_THRESHOLD(5)), 0);
}

/* ---- CLINT ---- */

static void test_clint(void)
{
    IRQ mtip[2] = { sink(0), sink(1) }, msip[2] = { sink(2), sink(3) };
    sink_clear();
    ACLINTState *c = aclint_new(2, mtip, msip);
    aclint_write(c, 0x4, 1, 4);
    CHECK_EQ("msip hart 1", sink_level[3], 1);
    CHECK_EQ("msip reads back", aclint_read(c, 0x4, 4), 1);
    aclint_write(c, 0x4, 0, 4);
    CHECK_EQ("msip cleared", sink_level[3], 0);
    CHECK_EQ("mtimecmp reset value", aclint_read(c, 0x4000, 8), UINT64_MAX);
    uint64_t t0 = aclint_read(c, 0xbff8, 8);
    aclint_write(c, 0xbff8, 1000000, 8);
    uint64_t t1 = aclint_read(c, 0xbff8, 8);
    CHECK_EQ("mtime write", t1 >= 1000000 && t1 < 1000000 + 10000000, 1);
    (void)t0;
    aclint_write(c, 0x4000, 0, 8);
    CHECK_EQ("mtimecmp in the past raises MTIP", sink_level[0], 1);
    uint64_t now = aclint_read(c, 0xbff8, 8);
    aclint_write(c, 0x4000, now + 200000, 8);    /* 20 ms ahead */
    CHECK_EQ("future mtimecmp lowers MTIP", sink_level[0], 0);
    CHECK_EQ("deadline armed", timer_next_deadline() != INT64_MAX, 1);
    struct timespec ts = { 0, 40 * 1000000 };
    nanosleep(&ts, NULL);
    timer_run_expired();
    CHECK_EQ("MTIP at the deadline", sink_level[0], 1);
    CHECK_EQ("other hart untouched", sink_level[1], 0);
    aclint_write(c, 0x400c, 0xffffffff, 4);      /* high half of hart 1's mtimecmp */
    CHECK_EQ("32-bit half write", aclint_read(c, 0x4008, 8) >> 32, 0xffffffff);
    uint32_t lo = (uint32_t)aclint_read(c, 0xbff8, 4);
    CHECK_EQ("mtime low half", (uint32_t)aclint_mtime(c) - lo < 100000, 1);   /* 10 ms slack */
    CHECK_EQ("beyond harts", aclint_read(c, 0x4010, 8), 0);
    CHECK_EQ("misaligned", aclint_read(c, 0x4004, 8), 0);
    aclint_reset(c);
    CHECK_EQ("reset lowers MTIP", sink_level[0], 0);
}

/* ---- test finisher, RTC, HTIF ---- */

/* The exit codes themselves are checked end to end by tests/boards (the run-state requests
 * belong to the system loop); here only the bad accesses. */
static void test_sifive_test(void)
{
    sifive_test_write(NULL, 0, 0x1234, 4);
    sifive_test_write(NULL, 8, 0x5555, 4);
    CHECK_EQ("reads 0", sifive_test_read(NULL, 0, 4), 0);
}

static void test_goldfish_rtc(void)
{
    sink_clear();
    GoldfishRTCState *r = goldfish_rtc_new(sink(0));
    uint64_t lo = goldfish_rtc_read(r, 0x00, 4), hi = goldfish_rtc_read(r, 0x04, 4);
    uint64_t ns = hi << 32 | lo, host = (uint64_t)time(NULL) * 1000000000ull;
    CHECK_EQ("wall clock", ns > host - 5000000000ull && ns < host + 5000000000ull, 1);
    goldfish_rtc_write(r, 0x04, 0, 4);      /* set the time to 1e9 ns */
    goldfish_rtc_write(r, 0x00, 1000000000, 4);
    lo = goldfish_rtc_read(r, 0x00, 4);
    CHECK_EQ("time set", lo >= 1000000000 && lo < 1100000000, 1);
    goldfish_rtc_write(r, 0x10, 1, 4);
    goldfish_rtc_write(r, 0x0c, 0, 4);
    goldfish_rtc_write(r, 0x08, 500000000, 4);   /* in the past: fires now */
    CHECK_EQ("alarm irq", sink_level[0], 1);
    CHECK_EQ("alarm no longer armed", goldfish_rtc_read(r, 0x18, 4), 0);
    goldfish_rtc_write(r, 0x1c, 1, 4);
    CHECK_EQ("irq cleared", sink_level[0], 0);
    goldfish_rtc_write(r, 0x08, 2000000000u, 4);
    CHECK_EQ("future alarm armed", goldfish_rtc_read(r, 0x18, 4), 1);
    CHECK_EQ("no irq yet", sink_level[0], 0);
    goldfish_rtc_write(r, 0x14, 1, 4);
    CHECK_EQ("alarm cleared", goldfish_rtc_read(r, 0x18, 4), 0);
    CHECK_EQ("bad offset", goldfish_rtc_read(r, 0x40, 4), 0);
}

static void test_htif(void)
{
    HTIFState *h = htif_new(0x80001000, 0x80001040, NULL);
    htif_write(h, 0, (1ull << 56) | (1ull << 48) | 'x', 8);
    CHECK_EQ("putchar consumed", htif_read(h, 0, 8), 0);
    CHECK_EQ("putchar reply", htif_read(h, 8, 8), (1ull << 56) | (1ull << 48));
    htif_write(h, 8, 0, 8);
    htif_write(h, 0, (1ull << 56) | (1ull << 48) | 'y', 4);    /* RV32 style: low half */
    CHECK_EQ("no command before the high half", htif_read(h, 8, 8), 0);
    htif_write(h, 4, (1u << 24) | (1u << 16), 4);
    CHECK_EQ("command after the high half", htif_read(h, 8, 8), (1ull << 56) | (1ull << 48));
    CHECK_EQ("unknown device ignored", (htif_write(h, 0, 9ull << 56, 8), htif_read(h, 0, 8)), 0);
}

int main(void)
{
    log_parse_mask("guest_errors,unimp");
    log_set_file("/dev/null");
    test_uart_registers();
    test_uart_fifo_and_irqs();
    test_plic();
    test_clint();
    test_sifive_test();
    test_goldfish_rtc();
    test_htif();
    if (failures) {
        fprintf(stderr, "test_devices: %d failures\n", failures);
        return 1;
    }
    printf("test_devices: all passed\n");
    return 0;
}
