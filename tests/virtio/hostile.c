/* Bare-metal riscv64 driver for -M virt: posts hostile virtqueue chains to virtio-rng over mmio and pci, expects NEEDS_RESET, then a reset and a good request. */
#include <stdint.h>

/*
 * Build: riscv64-linux-gnu-gcc -nostdlib -ffreestanding -O2 -Wl,-Ttext=0x80000000 (see
 * tests/virtio/tests.sh). Run: -M virt -m 128M -bios none -kernel hostile.elf -device
 * virtio-rng-device -device virtio-rng-pci. The finisher gets 0x5555 (pass) or the number of
 * the failed check << 16 | 0x3333.
 */
#define UART     0x10000000ul
#define FINISHER 0x100000ul
#define MTIME    0x200bff8ul
#define MMIO0    0x10001000ul
#define ECAM     0x30000000ul
#define PCI_MEM  0x40000000ul
#define RAM_END  0x88000000ul           /* -m 128M */
#define DESC     0x80100000ul
#define AVAIL    0x80101000ul
#define USED     0x80102000ul
#define BUF      0x80103000ul
#define QSIZE    8

#define R8(a)  (*(volatile uint8_t *)(a))
#define R16(a) (*(volatile uint16_t *)(a))
#define R32(a) (*(volatile uint32_t *)(a))
#define R64(a) (*(volatile uint64_t *)(a))

__asm__(".section .text.start\n.globl _start\n_start:\n li sp, 0x80200000\n call main\n1: j 1b\n");

static void putc_(char c)
{
    while (!(R8(UART + 5) & 0x20))
        ;
    R8(UART) = c;
}

static void puts_(const char *s)
{
    while (*s)
        putc_(*s++);
}

static void exit_(unsigned code)
{
    R32(FINISHER) = code ? (code << 16) | 0x3333 : 0x5555;
    for (;;)
        ;
}

static void check(int ok, unsigned n, const char *what)
{
    puts_(ok ? "ok   " : "FAIL ");
    puts_(what);
    putc_('\n');
    if (!ok)
        exit_(n);
}

/* One transport: the few operations the test needs. */
typedef struct Transport {
    const char *name;
    uintptr_t base, notify;             /* mmio: registers; pci: common cfg and queue 0 notify */
    uintptr_t isr;                      /* mmio: InterruptStatus; pci: the ISR region */
    uint8_t (*status)(const struct Transport *t);
    void (*set_status)(const struct Transport *t, uint8_t s);
    int (*setup)(const struct Transport *t);      /* features + queue 0 + DRIVER_OK */
} Transport;

/* ---- virtio-mmio ---- */
static uint8_t mmio_status(const Transport *t) { return R32(t->base + 0x70); }
static void mmio_set_status(const Transport *t, uint8_t s) { R32(t->base + 0x70) = s; }

static int mmio_setup(const Transport *t)
{
    uintptr_t b = t->base;
    R32(b + 0x70) = 0;
    R32(b + 0x70) = 3;
    R32(b + 0x14) = 1;
    uint32_t hi = R32(b + 0x10);
    R32(b + 0x24) = 0;
    R32(b + 0x20) = 1u << 28;               /* INDIRECT_DESC */
    R32(b + 0x24) = 1;
    R32(b + 0x20) = hi & 1;                 /* VERSION_1 */
    R32(b + 0x70) = 11;
    if (!(R32(b + 0x70) & 8))
        return 0;
    R32(b + 0x30) = 0;
    R32(b + 0x38) = QSIZE;
    R32(b + 0x80) = (uint32_t)DESC; R32(b + 0x84) = 0;
    R32(b + 0x90) = (uint32_t)AVAIL; R32(b + 0x94) = 0;
    R32(b + 0xa0) = (uint32_t)USED; R32(b + 0xa4) = 0;
    R32(b + 0x44) = 1;
    R32(b + 0x70) = 15;
    return R32(b + 0x44) == 1;
}

/* ---- virtio-pci (modern, BAR4) ---- */
static uint8_t pci_status(const Transport *t) { return R8(t->base + 0x14); }
static void pci_set_status(const Transport *t, uint8_t s) { R8(t->base + 0x14) = s; }

static int pci_setup(const Transport *t)
{
    uintptr_t c = t->base;
    R8(c + 0x14) = 0;
    R8(c + 0x14) = 3;
    R32(c + 0x00) = 1;
    uint32_t hi = R32(c + 0x04);
    R32(c + 0x08) = 0;
    R32(c + 0x0c) = 1u << 28;
    R32(c + 0x08) = 1;
    R32(c + 0x0c) = hi & 1;
    R8(c + 0x14) = 11;
    if (!(R8(c + 0x14) & 8))
        return 0;
    R16(c + 0x16) = 0;
    R16(c + 0x18) = QSIZE;
    R32(c + 0x20) = (uint32_t)DESC; R32(c + 0x24) = 0;
    R32(c + 0x28) = (uint32_t)AVAIL; R32(c + 0x2c) = 0;
    R32(c + 0x30) = (uint32_t)USED; R32(c + 0x34) = 0;
    R16(c + 0x1c) = 1;
    R8(c + 0x14) = 15;
    return R16(c + 0x1c) == 1;
}

/* Find the virtio-rng PCI function, give BAR4 an address, locate common cfg and notify. */
static int pci_find(Transport *t)
{
    for (unsigned dev = 0; dev < 32; dev++) {
        uintptr_t cfg = ECAM + (dev << 15);
        if (R32(cfg) != 0x10441af4u)
            continue;
        R32(cfg + 0x20) = (uint32_t)PCI_MEM | 0xc;
        R32(cfg + 0x24) = 0;
        R16(cfg + 0x04) = 6;                    /* memory space, bus master */
        uintptr_t common = 0, notify = 0;
        uint32_t mult = 0;
        for (uint8_t p = R8(cfg + 0x34); p; p = R8(cfg + p + 1)) {
            if (R8(cfg + p) != 9 || R8(cfg + p + 4) != 4)
                continue;
            uintptr_t at = PCI_MEM + R32(cfg + p + 8);
            if (R8(cfg + p + 3) == 1)
                common = at;
            if (R8(cfg + p + 3) == 3)
                t->isr = at;
            if (R8(cfg + p + 3) == 2) {
                notify = at;
                mult = R32(cfg + p + 16);
            }
        }
        t->base = common;
        t->notify = notify + mult * 0;          /* queue 0's notify offset is 0 */
        return common && notify && t->isr;
    }
    return 0;
}

/* ---- rings ---- */
static void desc(unsigned i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
    uintptr_t d = DESC + 16 * i;
    R64(d) = addr;
    R32(d + 8) = len;
    R16(d + 12) = flags;
    R16(d + 14) = next;
}

static void post(unsigned head, uint16_t idx)
{
    R16(AVAIL + 4 + 2 * ((idx - 1) % QSIZE)) = head;
    __sync_synchronize();
    R16(AVAIL + 2) = idx;
    __sync_synchronize();
}

static void clear_rings(void)
{
    for (uintptr_t a = DESC; a < BUF + 0x1000; a += 8)
        R64(a) = 0;
}

static void kick(const Transport *t)
{
    if (t->notify == MMIO0 + 0x50 || t->notify < ECAM)
        R32(t->notify) = 0;
    else
        R16(t->notify) = 0;
}

/* Wait up to ~2 s (mtime at 10 MHz) for cond on the status or the used ring. */
static int wait_for(const Transport *t, int want_reset)
{
    uint64_t end = R64(MTIME) + 20000000;
    while (R64(MTIME) < end) {
        if (want_reset ? (t->status(t) & 0x40) : R16(USED + 2) == 1)
            return 1;
    }
    return 0;
}

enum { H_OUT_OF_RAM, H_END_OF_RAM, H_LOOP, H_HUGE, H_IND_LEN, H_IND_NESTED, H_IND_ZERO,
       H_HEAD, H_AVAIL_JUMP, H_RO_RAM, H_COUNT };
static const char *const hostile_name[H_COUNT] = {
    "buffer outside RAM", "buffer crossing the end of RAM", "loop in the chain",
    "zero then huge length", "indirect table of 24 bytes", "nested indirect table",
    "indirect table of 0 bytes", "head index out of range", "avail index jump",
    "device-writable buffer in ROM",
};

static void hostile(unsigned kind)
{
    unsigned head = 0;
    uint16_t idx = 1;
    switch (kind) {
    case H_OUT_OF_RAM: desc(0, 0x70000000, 64, 2, 0); break;
    case H_END_OF_RAM: desc(0, RAM_END - 16, 64, 2, 0); break;
    case H_LOOP: desc(0, BUF, 16, 3, 1); desc(1, BUF + 16, 16, 3, 0); break;
    case H_HUGE: desc(0, BUF, 0, 3, 1); desc(1, BUF, 0xffffffffu, 2, 0); break;
    case H_IND_LEN: desc(0, BUF, 24, 4, 0); break;
    case H_IND_NESTED:
        desc(0, BUF, 16, 4, 0);
        R64(BUF) = BUF; R32(BUF + 8) = 16; R16(BUF + 12) = 4; R16(BUF + 14) = 0;
        break;
    case H_IND_ZERO: desc(0, BUF, 0, 4, 0); break;
    case H_HEAD: head = 100; desc(0, BUF, 16, 2, 0); break;
    case H_AVAIL_JUMP: desc(0, BUF, 16, 2, 0); idx = QSIZE + 3; break;
    case H_RO_RAM: desc(0, 0x1000, 16, 2, 0); break;      /* the boot ROM */
    }
    post(head, idx);
}

static void run(const Transport *t, unsigned base)
{
    puts_(t->name);
    puts_(":\n");
    for (unsigned k = 0; k < H_COUNT; k++) {
        clear_rings();
        check(t->setup(t), base + 1, "setup");
        hostile(k);
        kick(t);
        check(wait_for(t, 1), base + 2 + k, hostile_name[k]);
        check((t->isr < ECAM ? R32(t->isr) : R8(t->isr)) & 2, base + 19,
              "config-change interrupt raised");
        t->set_status(t, 0);
        check(t->status(t) == 0, base + 20, "reset clears the status");
    }
    clear_rings();                          /* recovery: one good 16-byte request */
    check(t->setup(t), base + 21, "setup after reset");
    desc(0, BUF, 16, 2, 0);
    post(0, 1);
    kick(t);
    check(wait_for(t, 0) && R32(USED + 8) == 16 && R32(USED + 4) == 0 &&
              (R64(BUF) | R64(BUF + 8)) != 0 && !(t->status(t) & 0x40),
          base + 22, "good request after reset");
    t->set_status(t, 0);
}

int main(void)
{
    Transport m = { "mmio", 0, 0, 0, mmio_status, mmio_set_status, mmio_setup };
    for (uintptr_t b = MMIO0; b < MMIO0 + 8 * 0x1000; b += 0x1000)
        if (R32(b) == 0x74726976 && R32(b + 8) == 4)
            m.base = b;
    check(m.base != 0, 1, "virtio-rng on mmio");
    m.notify = m.base + 0x50;
    m.isr = m.base + 0x60;
    run(&m, 10);
    Transport p = { "pci", 0, 0, 0, pci_status, pci_set_status, pci_setup };
    check(pci_find(&p), 2, "virtio-rng on pci");
    run(&p, 40);
    puts_("hostile: PASS\n");
    exit_(0);
    return 0;
}
