/* Bare-metal x86 device checks (PIC, PIT, RTC, local APIC, IOAPIC, HPET, i8042): same binary on trix and QEMU. */
#include <stdint.h>

/* ---- port I/O, MMIO, console, exit ---- */

static inline void outb(uint16_t p, uint8_t v) { __asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(p)); }
static inline uint8_t inb(uint16_t p)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(p));
    return v;
}
static inline uint32_t rd32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline void wr32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline void sti(void) { __asm__ volatile("sti"); }
static inline void cli(void) { __asm__ volatile("cli"); }
static inline void pause(void) { __asm__ volatile("pause"); }

static void putc_(char c)
{
    for (int i = 0; i < 100000 && !(inb(0x3fd) & 0x20); i++)
        ;
    outb(0x3f8, (uint8_t)c);
}

static void puts_(const char *s)
{
    while (*s)
        putc_(*s++);
}

static void puthex(uint32_t v)
{
    puts_("0x");
    for (int i = 28; i >= 0; i -= 4)
        putc_("0123456789abcdef"[(v >> i) & 15]);
}

static int failures;

static void check(const char *what, uint32_t got, uint32_t want)
{
    if (got == want) {
        puts_("ok   ");
        puts_(what);
    } else {
        failures++;
        puts_("FAIL ");
        puts_(what);
        puts_(": got ");
        puthex(got);
        puts_(", want ");
        puthex(want);
    }
    puts_("\n");
}

static void note(const char *what)
{
    puts_("skip ");
    puts_(what);
    puts_("\n");
}

static void finish(void)
{
    puts_(failures ? "devtest: FAILED\n" : "devtest: all passed\n");
    outb(0xf4, failures ? 1 : 0);       /* isa-debug-exit: (v << 1) | 1 */
    for (;;)
        __asm__ volatile("cli; hlt");
}

/* ---- interrupts ---- */

extern char irq_stubs[];
static struct { uint16_t lo, sel, flags, hi; } idt[256] __attribute__((aligned(8)));
static volatile uint32_t irq_count[256];
static volatile uint32_t isr_seen;              /* PIC ISR read in the IRQ 0 handler */
static volatile int eoi_mode;                   /* 1: PIC EOI, 2: APIC EOI, 0: none */
static volatile int rtc_ack;                    /* the RTC handler reads register C */

#define APIC 0xfee00000u
#define IOAPIC 0xfec00000u
#define HPET 0xfed00000u

void irq_entry(uint32_t vec)
{
    if (vec < 32) {
        puts_("FAIL exception ");
        puthex(vec);
        puts_("\n");
        failures++;
        finish();
    }
    irq_count[vec]++;
    if (vec == 0x20) {
        outb(0x20, 0x0b);
        isr_seen = inb(0x20);
    }
    if (rtc_ack && (vec == 0x28 || vec == 0x58)) {
        outb(0x70, 0x0c);
        inb(0x71);
    }
    if (eoi_mode == 1) {
        if (vec >= 0x28 && vec < 0x30)
            outb(0xa0, 0x20);
        outb(0x20, 0x20);
    } else if (eoi_mode == 2) {
        wr32(APIC + 0xb0, 0);
    }
}

static void idt_init(void)
{
    for (int i = 0; i < 256; i++) {
        uint32_t a = (uint32_t)(uintptr_t)(irq_stubs + 16 * i);
        idt[i].lo = (uint16_t)a;
        idt[i].sel = 0x08;
        idt[i].flags = 0x8e00;
        idt[i].hi = (uint16_t)(a >> 16);
    }
    struct __attribute__((packed)) { uint16_t limit; uint32_t base; } d = {
        sizeof(idt) - 1, (uint32_t)(uintptr_t)idt };
    __asm__ volatile("lidt %0" :: "m"(d));
}

static int wait_for_ms(int (*cond)(void), uint32_t ms);

/* ---- 8254 (channel 2 as a stopwatch too) ---- */

/* Busy-wait ~us microseconds with channel 2 in mode 0. */
static void delay_us(uint32_t us)
{
    uint32_t ticks = us * 1193u / 1000u;
    if (ticks > 0xffff)
        ticks = 0xffff;
    outb(0x61, (inb(0x61) & ~0x02) | 0x01);
    outb(0x43, 0xb0);
    outb(0x42, (uint8_t)ticks);
    outb(0x42, (uint8_t)(ticks >> 8));
    for (int i = 0; i < 10000000 && !(inb(0x61) & 0x20); i++)
        ;
}

/* Let pending interrupts in: IF = 1 for ~200 us (a time read, as a real guest would make). */
static void irq_window(void)
{
    sti();
    delay_us(200);
    cli();
}

static void delay_ms(uint32_t ms)
{
    while (ms--)
        delay_us(1000);
}

/* Spin (interrupts as they are) until cond() or about `ms` milliseconds passed, timed by
 * channel 2 (so the bound holds however fast the emulator runs the loop). */
static int wait_for_ms(int (*cond)(void), uint32_t ms)
{
    for (uint32_t i = 0; i < ms; i++) {
        outb(0x61, (inb(0x61) & ~0x02) | 0x01);
        outb(0x43, 0xb0);
        outb(0x42, 1193 & 0xff);
        outb(0x42, 1193 >> 8);
        for (int j = 0; j < 10000000 && !(inb(0x61) & 0x20); j++)
            if (cond())
                return 1;
    }
    return cond();
}

static uint16_t pit_latch(int ch)
{
    outb(0x43, (uint8_t)(ch << 6));
    uint8_t lo = inb(0x40 + ch);
    return (uint16_t)(lo | inb(0x40 + ch) << 8);
}

static void test_pit(void)
{
    outb(0x61, (inb(0x61) & ~0x03) | 0x01);     /* gate 2 on, speaker off */
    outb(0x43, 0xb0);                           /* ch2, word, mode 0, binary */
    outb(0x42, 0x00);
    outb(0x42, 0xf0);                           /* 0xf000 ticks: ~51 ms */
    check("pit: OUT2 low while counting", inb(0x61) >> 5 & 1, 0);
    uint16_t a = pit_latch(2);
    delay_us(0);                                /* a few port reads */
    for (int i = 0; i < 1000; i++)
        inb(0x80);
    outb(0x43, 0xb0);                           /* reprogramming restarts: */
    outb(0x42, 0x00);
    outb(0x42, 0xf0);
    uint16_t b1 = pit_latch(2);
    for (int i = 0; i < 2000; i++)
        inb(0x80);
    uint16_t b2 = pit_latch(2);
    check("pit: counts down", b2 < b1 && a <= 0xf000, 1);
    outb(0x43, 0xe8);                           /* read-back: status of channel 2 */
    check("pit: read-back status", inb(0x42) & 0x3f, 0x30);
    /* (A low gate holds a mode 0 count on an 8254 -- tests/unit checks it -- but QEMU's PIT
     * counts on, so this twin does not look.) */
    outb(0x61, inb(0x61) | 0x01);
    outb(0x43, 0xb0);
    outb(0x42, 0x10);
    outb(0x42, 0x00);                           /* 16 ticks */
    int out2 = 0;
    for (int i = 0; i < 100000 && !out2; i++)
        out2 = inb(0x61) >> 5 & 1;
    check("pit: OUT2 high at terminal count", out2, 1);
}

/* ---- 8259 + PIT channel 0 ---- */

static void pic_init(uint8_t mask1, uint8_t mask2)
{
    outb(0x20, 0x11); outb(0x21, 0x20); outb(0x21, 0x04); outb(0x21, 0x01);
    outb(0xa0, 0x11); outb(0xa1, 0x28); outb(0xa1, 0x02); outb(0xa1, 0x01);
    outb(0x21, mask1);
    outb(0xa1, mask2);
}

static void pit_periodic(uint16_t count)
{
    outb(0x43, 0x34);                           /* ch0, word, mode 2 */
    outb(0x40, (uint8_t)count);
    outb(0x40, (uint8_t)(count >> 8));
}

static int ticks5(void) { return irq_count[0x20] >= 5; }

static void test_pic_pit(void)
{
    pic_init(0xfe, 0xff);                       /* only IRQ 0 */
    check("pic: IMR", inb(0x21), 0xfe);
    eoi_mode = 1;
    pit_periodic(1193);                         /* 1 kHz */
    sti();
    int got = wait_for_ms(ticks5, 1000);
    cli();
    check("pic: IRQ 0 ticks at vector 0x20", got, 1);
    check("pic: ISR in the handler", isr_seen & 1, 1);
    outb(0x20, 0x0b);
    check("pic: ISR clear after EOI", inb(0x20), 0);
    /* masked: the request waits in IRR */
    outb(0x21, 0xff);
    delay_ms(3);
    outb(0x20, 0x0a);
    check("pic: masked IRQ 0 in IRR", inb(0x20) & 1, 1);
    pit_periodic(0);
    outb(0x43, 0x30);                           /* ch0 mode 0: stop the ticks */
    outb(0x40, 0xff);
    outb(0x40, 0xff);
    eoi_mode = 0;
}

/* ---- RTC ---- */

static uint8_t cmos(uint8_t i)
{
    outb(0x70, i);
    return inb(0x71);
}

static void cmos_set(uint8_t i, uint8_t v)
{
    outb(0x70, i);
    outb(0x71, v);
}

static int rtc_uip(void) { return cmos(0x0a) >> 7; }
static int rtc_no_uip(void) { return !rtc_uip(); }
static int rtc_ticks(void) { return irq_count[0x28] >= 4; }

static int bcd_ok(uint8_t v, int max) { return (v & 15) < 10 && (v >> 4) * 10 + (v & 15) <= max; }

static void test_rtc(void)
{
    check("rtc: register D valid", cmos(0x0d), 0x80);
    cmos_set(0x0a, 0x26);
    cmos_set(0x0b, 0x02);                       /* BCD, 24 h, no interrupts */
    check("rtc: register B", cmos(0x0b), 0x02);
    check("rtc: BCD fields", bcd_ok(cmos(0), 59) && bcd_ok(cmos(2), 59) && bcd_ok(cmos(4), 23) &&
          bcd_ok(cmos(7), 31) && bcd_ok(cmos(8), 12) && cmos(6) >= 1 && cmos(6) <= 7, 1);
    check("rtc: century", cmos(0x32) == 0x20 || cmos(0x32) == 0x21, 1);
    cmos_set(0x0b, 0x06);
    check("rtc: binary seconds", cmos(0) < 60, 1);
    cmos_set(0x0b, 0x02);
    /* UIP is high for 244 us a second: a loaded host may deschedule an emulator (QEMU) right
     * across it, so a miss is noted, not failed (trix shows a missed window once) */
    if (wait_for_ms(rtc_uip, 1500)) {
        check("rtc: UIP seen within a second", 1, 1);
        check("rtc: UIP clears", wait_for_ms(rtc_no_uip, 5), 1);
    } else {
        note("rtc: UIP window missed (host too busy?)");
    }
    /* set the time under SET and read it back */
    cmos_set(0x0b, 0x82);
    cmos_set(0x04, 0x11);
    cmos_set(0x02, 0x22);
    cmos_set(0x00, 0x33);
    cmos_set(0x0b, 0x02);
    check("rtc: time set (hours)", cmos(4), 0x11);
    check("rtc: time set (minutes)", cmos(2), 0x22);
    /* periodic interrupt at 1024 Hz on IRQ 8 */
    pic_init(0xfb, 0xfe);                       /* cascade and IRQ 8 */
    eoi_mode = 1;
    rtc_ack = 1;
    cmos(0x0c);
    cmos_set(0x0b, 0x42);                       /* PIE */
    sti();
    int got = wait_for_ms(rtc_ticks, 1000);
    cli();
    check("rtc: periodic IRQ 8", got, 1);
    cmos_set(0x0b, 0x02);
    cmos(0x0c);
    eoi_mode = 0;
    rtc_ack = 0;
    outb(0x21, 0xff);
    outb(0xa1, 0xff);
}

/* ---- local APIC ---- */

static int apic_isr(int v) { return rd32(APIC + 0x100 + 0x10 * (v / 32)) >> (v % 32) & 1; }
static int apic_irr(int v) { return rd32(APIC + 0x200 + 0x10 * (v / 32)) >> (v % 32) & 1; }
static int apic_timer_zero(void) { return rd32(APIC + 0x390) == 0; }
static int periodic5(void) { return irq_count[0x41] >= 5; }

static void test_apic(void)
{
    wr32(APIC + 0xf0, 0x1ff);                   /* SVR: enable, spurious 0xff */
    check("apic: version 0x14", rd32(APIC + 0x30) & 0xff, 0x14);
    check("apic: at least 6 LVT entries", (rd32(APIC + 0x30) >> 16 & 0xff) >= 5, 1);
    check("apic: BSP id 0", rd32(APIC + 0x20) >> 24, 0);
    wr32(APIC + 0x80, 0);
    /* self IPI with interrupts off: pending in IRR, then taken */
    wr32(APIC + 0x300, 0x40000 | 0x4000 | 0x60);
    check("apic: self IPI in IRR", apic_irr(0x60), 1);
    eoi_mode = 2;
    irq_window();
    check("apic: self IPI delivered", irq_count[0x60], 1);
    check("apic: ISR clear after EOI", apic_isr(0x60), 0);
    /* TPR blocks a class */
    wr32(APIC + 0x80, 0x70);
    wr32(APIC + 0x300, 0x40000 | 0x4000 | 0x61);
    irq_window();
    check("apic: TPR holds vector 0x61", irq_count[0x61], 0);
    check("apic: PPR = TPR", rd32(APIC + 0xa0), 0x70);
    wr32(APIC + 0x80, 0);
    irq_window();
    check("apic: TPR 0 lets it in", irq_count[0x61], 1);
    /* one-shot timer, masked: the count runs to 0, nothing pends */
    wr32(APIC + 0x3e0, 0xb);                    /* divide by 1 */
    wr32(APIC + 0x320, 0x10000 | 0x40);
    wr32(APIC + 0x380, 50000000);               /* 50 ms: long enough to be seen counting */
    uint32_t cur = rd32(APIC + 0x390);
    check("apic: timer counting", cur <= 50000000 && cur > 0, 1);
    check("apic: one-shot reaches 0", wait_for_ms(apic_timer_zero, 500), 1);
    check("apic: masked timer does not pend", apic_irr(0x40), 0);
    /* unmasked one-shot with IF = 0: pends in IRR */
    wr32(APIC + 0x320, 0x40);
    wr32(APIC + 0x380, 100000);
    wait_for_ms(apic_timer_zero, 500);
    check("apic: one-shot pends", apic_irr(0x40), 1);
    irq_window();
    check("apic: one-shot delivered once", irq_count[0x40], 1);
    /* periodic */
    wr32(APIC + 0x320, 0x20000 | 0x41);
    wr32(APIC + 0x380, 1000000);                /* 1 ms at the 1 GHz APIC clock */
    sti();
    int got = wait_for_ms(periodic5, 1000);
    cli();
    wr32(APIC + 0x380, 0);
    wr32(APIC + 0x320, 0x10000);
    check("apic: periodic timer", got, 1);
    eoi_mode = 0;
}

static int tsc_deadline_hit(void) { return irq_count[0x42] >= 1; }

static void test_tsc_deadline(void)
{
    uint32_t a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
    if (!(c >> 24 & 1)) {
        note("apic: TSC-deadline (not in CPUID)");
        return;
    }
    eoi_mode = 2;
    wr32(APIC + 0x320, 0x40000 | 0x42);
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    uint64_t t = ((uint64_t)hi << 32 | lo) + 2000000;
    __asm__ volatile("wrmsr" :: "c"(0x6e0), "a"((uint32_t)t), "d"((uint32_t)(t >> 32)));
    sti();
    int got = wait_for_ms(tsc_deadline_hit, 1000);
    cli();
    check("apic: TSC-deadline fires", got, 1);
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(0x6e0));
    check("apic: deadline MSR cleared", lo | hi, 0);
    wr32(APIC + 0x320, 0x10000);
    eoi_mode = 0;
}

/* ---- IOAPIC ---- */

static uint32_t io_rd(uint32_t reg) { wr32(IOAPIC, reg); return rd32(IOAPIC + 0x10); }
static void io_wr(uint32_t reg, uint32_t v) { wr32(IOAPIC, reg); wr32(IOAPIC + 0x10, v); }
static int ioapic_ticks(void) { return irq_count[0x50] >= 5; }

static void test_ioapic(void)
{
    check("ioapic: version, 24 pins", io_rd(0x01), 0x00170020);
    /* the PIT (ISA IRQ 0 = pin 2) through the IOAPIC, the PIC masked */
    pic_init(0xff, 0xff);
    wr32(APIC + 0x350, 0x10700);                /* LINT0 masked: no ExtINT path */
    io_wr(0x10 + 2 * 2 + 1, 0);                 /* destination APIC 0 */
    io_wr(0x10 + 2 * 2, 0x50);                  /* edge, fixed, vector 0x50 */
    check("ioapic: entry readback", io_rd(0x10 + 2 * 2) & 0x1ffff, 0x50);
    eoi_mode = 2;
    pit_periodic(1193);
    sti();
    int got = wait_for_ms(ioapic_ticks, 1000);
    cli();
    check("ioapic: PIT on pin 2", got, 1);
    io_wr(0x10 + 2 * 2, 0x10050);               /* mask */
    outb(0x43, 0x30);
    outb(0x40, 0xff);
    outb(0x40, 0xff);
    /* a level pin: the RTC on pin 8 as level is not what the board wires; check masking
     * and remote IRR read-only bits instead */
    io_wr(0x10 + 2 * 8, 0x1c058);               /* masked, level, remote IRR written 1 */
    check("ioapic: remote IRR is read-only", io_rd(0x10 + 2 * 8) >> 14 & 1, 0);
    io_wr(0x10 + 2 * 8, 0x10000);
    eoi_mode = 0;
}

/* ---- HPET ---- */

static uint32_t hpet_rd(uint32_t off) { return rd32(HPET + off); }
static void hpet_wr(uint32_t off, uint32_t v) { wr32(HPET + off, v); }
static int hpet_isr2(void) { return hpet_rd(0x20) >> 2 & 1; }
static int hpet_legacy_ticks(void) { return irq_count[0x20] >= 5; }

static void test_hpet(void)
{
    uint32_t id = hpet_rd(0x000);
    if (id == 0xffffffff || id == 0) {
        note("hpet: none on this board");
        return;
    }
    check("hpet: 10 ns period", hpet_rd(0x004), 10000000);
    check("hpet: vendor 8086", id >> 16, 0x8086);
    check("hpet: legacy capable, 64-bit", id >> 13 & 5, 5);
    check("hpet: at least 3 timers", (id >> 8 & 0x1f) >= 2, 1);
    hpet_wr(0x010, 0);
    hpet_wr(0x0f0, 0);
    hpet_wr(0x0f4, 0);
    hpet_wr(0x010, 1);
    uint32_t c1 = hpet_rd(0x0f0);
    delay_us(100);
    uint32_t c2 = hpet_rd(0x0f0);
    check("hpet: counter runs", c2 > c1 && c2 - c1 >= 5000 && c2 - c1 < 10000000, 1);
    /* timer 2: level, one-shot, routed to an IOAPIC pin of its capability kept masked (QEMU
     * runs a comparator only while its interrupt is enabled) */
    uint32_t cap = hpet_rd(0x144), pin = 31;
    while (pin && !(cap >> pin & 1))
        pin--;
    io_wr(0x10 + 2 * pin, 0x10000);
    hpet_wr(0x140, pin << 9 | 0x6);
    hpet_wr(0x148, hpet_rd(0x0f0) + 5000);
    hpet_wr(0x14c, 0);
    check("hpet: level status at the match", wait_for_ms(hpet_isr2, 100), 1);
    hpet_wr(0x020, 4);
    check("hpet: status cleared", hpet_isr2(), 0);
    /* legacy replacement: timer 0 periodic on IRQ 0 (PIC), the PIT cut off */
    pic_init(0xfe, 0xff);
    wr32(APIC + 0x350, 0x700);                  /* LINT0 ExtINT again */
    eoi_mode = 1;
    irq_count[0x20] = 0;
    hpet_wr(0x010, 3);
    hpet_wr(0x100, 0x14c);                      /* 32-bit, SETVAL, periodic, enable; edge */
    hpet_wr(0x108, hpet_rd(0x0f0) + 100000);    /* 1 ms (the comparator, as Linux does) */
    hpet_wr(0x108, 100000);                     /* then the period */
    sti();
    int got = wait_for_ms(hpet_legacy_ticks, 1000);
    cli();
    check("hpet: legacy timer 0 on IRQ 0", got, 1);
    /* the same through IOAPIC pin 2 to a logical flat destination, as Linux's check_timer */
    outb(0x21, 0xff);
    wr32(APIC + 0x350, 0x10700);
    wr32(APIC + 0xe0, 0xffffffff);              /* DFR flat */
    wr32(APIC + 0xd0, 0x01000000);              /* LDR: bit 0 */
    io_wr(0x10 + 2 * 2 + 1, 0x01000000);        /* logical destination 1 */
    io_wr(0x10 + 2 * 2, 0x800 | 0x50);          /* edge, fixed, logical, vector 0x50 */
    eoi_mode = 2;
    irq_count[0x50] = 0;
    sti();
    got = wait_for_ms(ioapic_ticks, 1000);
    cli();
    check("hpet: legacy timer 0 through IOAPIC pin 2 (logical)", got, 1);
    io_wr(0x10 + 2 * 2, 0x10000);
    hpet_wr(0x100, 0);
    hpet_wr(0x010, 0);
    outb(0x21, 0xff);
    eoi_mode = 0;
}

/* ---- i8042 ---- */

static int kbc_obf(void) { return inb(0x64) & 1; }

static void test_i8042(void)
{
    if (inb(0x64) == 0xff) {
        note("i8042: none on this board");
        return;
    }
    while (kbc_obf())
        inb(0x60);
    outb(0x64, 0xaa);
    wait_for_ms(kbc_obf, 10);
    check("i8042: self-test", inb(0x60), 0x55);
    outb(0x64, 0x60);
    outb(0x60, 0x44);                           /* translate, system; no interrupts */
    outb(0x64, 0x20);
    wait_for_ms(kbc_obf, 10);
    check("i8042: command byte", inb(0x60), 0x44);
    outb(0x64, 0xab);
    wait_for_ms(kbc_obf, 10);
    check("i8042: keyboard interface test", inb(0x60), 0x00);
    outb(0x64, 0xd0);
    wait_for_ms(kbc_obf, 10);
    check("i8042: output port: A20 and not in reset", inb(0x60) & 0x03, 0x03);
}

void dev_main(void)
{
    outb(0x3f9, 0x00);                          /* COM1: no interrupts, 8N1 */
    outb(0x3fb, 0x03);
    puts_("devtest: start\n");
    idt_init();
    outb(0x21, 0xff);                           /* quiet until each test sets up */
    outb(0xa1, 0xff);
    test_i8042();
    test_pit();
    test_pic_pit();
    test_rtc();
    test_apic();
    test_tsc_deadline();
    test_ioapic();
    test_hpet();
    finish();
}
