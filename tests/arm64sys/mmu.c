/* Stage 1 translation with each granule (4K/48-bit, 4K/39-bit with 1 GiB blocks, 16K/48-bit,
 * 64K/48-bit and 64K/42-bit): block and page mappings, an alias, the architected faults
 * (translation at level 0 and 3, access flag, permission) with their DFSC and FAR, AT
 * S1E1R/S1E0R into PAR_EL1, TTBR1 addresses, LDTR as EL0, ASID switches of non-global pages,
 * TLBI VAE1 after a remap, PAN and hardware access flag/dirty state where implemented. */
#include "rt.h"

#ifdef RT_QEMU
#define UART_PA 0x09000000ull
#else
#define UART_PA 0x10000000ull
#define FIN_PA 0x00100000ull
#endif
#define TEST_VA 0x100000000ull              /* 4 GiB */
#define HI_VA 0xffffffffc0000000ull
#define HI_VA_LOW 0xffffff8000000000ull     /* the lowest TTBR1 address with T1SZ = 25 */
#define NTABLES 24

static uint8_t pool[NTABLES][65536] __attribute__((aligned(65536)));
static uint8_t target[6][65536] __attribute__((aligned(65536)));
static int pool_next, g, inbits;

#define D_AF (1ull << 10)
#define D_SH (3ull << 8)
#define D_NG (1ull << 11)
#define D_AP_EL0 (1ull << 6)
#define D_AP_RO (1ull << 7)
#define D_DBM (1ull << 51)
#define D_NORMAL (D_AF | D_SH)
#define D_DEVICE (D_AF | 1ull << 2 | 1ull << 54 | 1ull << 53)

static uint64_t *pt_new(void)
{
    uint64_t *t = (uint64_t *)pool[pool_next++];
    for (int i = 0; i < (1 << g) / 8; i++)
        t[i] = 0;
    return t;
}

static int start_level(void) { int s = g - 3; return 4 - (inbits - g + s - 1) / s; }
static int shift_of(int l) { return g + (g - 3) * (3 - l); }

/* Map one block or page at level `level` (3 = page). */
static uint64_t *pt_slot(uint64_t *root, uint64_t va, int level)
{
    uint64_t *t = root;
    for (int l = start_level(); ; l++) {
        int bits = l == start_level() ? inbits - shift_of(l) : g - 3;
        uint64_t *e = &t[(va >> shift_of(l)) & ((1ull << bits) - 1)];
        if (l == level)
            return e;
        if (!(*e & 1))
            *e = (uint64_t)pt_new() | 3;
        t = (uint64_t *)(*e & 0x0000fffffffff000ull & ~((1ull << g) - 1));
    }
}

static void map(uint64_t *root, uint64_t va, uint64_t pa, int level, uint64_t attr)
{
    *pt_slot(root, va, level) = pa | attr | (level == 3 ? 3 : 1);
}

static volatile int faults;
static volatile uint64_t f_esr, f_far;

static int on_trap(Frame *f, int vec)
{
    if (vec != 4)
        return 0;
    faults++;
    f_esr = f->esr;
    f_far = f->far;
    f->elr += 4;
    return 1;
}

static uint64_t ld(uint64_t va)
{
    uint64_t v = 0xdead;
    __asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(va) : "memory");
    return v;
}
static void st(uint64_t va, uint64_t v) { __asm__ volatile("str %0, [%1]" :: "r"(v), "r"(va) : "memory"); }
static uint64_t ldtr(uint64_t va)
{
    uint64_t v = 0xdead;
    __asm__ volatile("ldtr %0, [%1]" : "+r"(v) : "r"(va) : "memory");
    return v;
}
static void tlbi_all(void) { __asm__ volatile("dsb ishst\n tlbi vmalle1is\n dsb ish\n isb" ::: "memory"); }

/* A fault must happen with this DFSC (and WnR when `write`). */
static void expect_fault(const char *what, uint64_t va, int write, unsigned dfsc)
{
    int n = faults;
    if (write)
        st(va, 1);
    else
        ld(va);
    rt_puts(what);
    rt_puts(": ");
    rt_check("faulted", (uint64_t)(faults - n), 1);
    rt_check("  EC", f_esr >> 26, 0x25);
    rt_check("  DFSC", f_esr & 0x3f, dfsc);
    rt_check("  WnR", (f_esr >> 6) & 1, (uint64_t)write);
    rt_check("  FAR", f_far, va);
}

static uint64_t tcr_for(int gran, int bits, int hi_bits)
{
    uint64_t tg0 = gran == 12 ? 0 : gran == 16 ? 1 : 2;
    uint64_t tg1 = gran == 12 ? 2 : gran == 16 ? 3 : 1;
    return (uint64_t)(64 - bits) | 1u << 8 | 1u << 10 | 3u << 12 | tg0 << 14 |
           (uint64_t)(64 - hi_bits) << 16 | 1u << 24 | 1u << 26 | 3u << 28 | tg1 << 30 |
           5ull << 32 | 1ull << 36;     /* IPS 48 bits, 16-bit ASIDs */
}

static void mmu_off(void)
{
    SYSREG_W(sctlr_el1, SYSREG_R(sctlr_el1) & ~1ull);
    ISB();
    tlbi_all();
}

/* RAM identity: blocks at the largest level the granule allows below the first one. */
static void map_ram(uint64_t *root, int block_level)
{
    uint64_t bsize = 1ull << shift_of(block_level);
    uint64_t lo = RAM_BASE & ~(bsize - 1);
    for (uint64_t a = lo; a < RAM_BASE + (32ull << 20); a += bsize)
        map(root, a, a, block_level, D_NORMAL);
}

static void run(const char *name, int gran, int bits, int block_level)
{
    rt_puts("== ");
    rt_puts(name);
    rt_puts("\n");
    g = gran;
    inbits = bits;
    pool_next = 0;
    uint64_t gsz = 1ull << g;
    uint64_t *root = pt_new(), *root2 = pt_new();
    map_ram(root, block_level);
    map_ram(root2, block_level);
    map(root, UART_PA & ~(gsz - 1), UART_PA & ~(gsz - 1), 3, D_DEVICE);
    map(root2, UART_PA & ~(gsz - 1), UART_PA & ~(gsz - 1), 3, D_DEVICE);
#ifdef FIN_PA
    map(root, FIN_PA & ~(gsz - 1), FIN_PA & ~(gsz - 1), 3, D_DEVICE);
    map(root2, FIN_PA & ~(gsz - 1), FIN_PA & ~(gsz - 1), 3, D_DEVICE);
#endif
    uint64_t t0 = (uint64_t)target[0], t1 = (uint64_t)target[1], t2 = (uint64_t)target[2];
    map(root, TEST_VA, t0, 3, D_NORMAL);                    /* RW */
    map(root, TEST_VA + gsz, t1, 3, D_NORMAL | D_AP_RO);    /* read-only */
    map(root, TEST_VA + 2 * gsz, t1, 3, D_SH);              /* AF = 0 */
    map(root, TEST_VA + 4 * gsz, t2, 3, D_NORMAL | D_NG);   /* non-global, ASID 1 */
    map(root2, TEST_VA + 4 * gsz, t1, 3, D_NORMAL | D_NG);  /* same VA, ASID 2 */
    map(root, TEST_VA + 5 * gsz, t0, 3, D_NORMAL | D_AP_EL0);   /* EL0 RW */
    uint64_t *hroot = pt_new();
    int saved_bits = inbits;
    inbits = 39;
    map(hroot, HI_VA, t0, 3, D_NORMAL);
    map(hroot, HI_VA_LOW, t1, 3, D_NORMAL);
    inbits = saved_bits;
    *(volatile uint64_t *)t0 = 0x1111;
    *(volatile uint64_t *)t1 = 0x2222;
    *(volatile uint64_t *)t2 = 0x3333;

    SYSREG_W(mair_el1, 0xffull | 0x00ull << 8);
    SYSREG_W(tcr_el1, tcr_for(gran, bits, 39));
    SYSREG_W(ttbr0_el1, (uint64_t)root | 1ull << 48);
    SYSREG_W(ttbr1_el1, (uint64_t)hroot);
    __asm__ volatile("dsb sy\n isb" ::: "memory");
    tlbi_all();
    SYSREG_W(sctlr_el1, SYSREG_R(sctlr_el1) | 1);
    ISB();
    rt_check("identity RAM still runs", 1, 1);
    rt_check("VA -> target[0]", ld(TEST_VA), 0x1111);
    st(TEST_VA + 8, 0x4444);
    rt_check("store through the alias", *(volatile uint64_t *)(t0 + 8), 0x4444);
    rt_check("read-only page reads", ld(TEST_VA + gsz), 0x2222);
    expect_fault("store to read-only", TEST_VA + gsz, 1, 0x0f);
    expect_fault("access flag 0", TEST_VA + 2 * gsz, 0, 0x0b);
    expect_fault("unmapped page", TEST_VA + 3 * gsz, 0, 0x07);
    expect_fault("beyond T0SZ", 1ull << bits, 0, 0x04);
    rt_check("TTBR1 high VA", ld(HI_VA), 0x1111);
    rt_check("TTBR1 lowest VA", ld(HI_VA_LOW), 0x2222);
    expect_fault("below TTBR1's range", HI_VA_LOW - gsz, 0, 0x04);

    __asm__ volatile("at s1e1r, %0\n isb" :: "r"(TEST_VA + 16) : "memory");
    rt_check("AT S1E1R PAR.PA", SYSREG_R(par_el1) & 0x0000fffffffff001ull, t0);
    __asm__ volatile("at s1e1r, %0\n isb" :: "r"(TEST_VA + 3 * gsz) : "memory");
    rt_check("AT S1E1R fault PAR.F/FST", SYSREG_R(par_el1) & 0x7f, 0x0f);
    __asm__ volatile("at s1e0r, %0\n isb" :: "r"(TEST_VA) : "memory");
    rt_check("AT S1E0R of an EL1 page: permission", SYSREG_R(par_el1) & 0x7f, 0x1f);
    __asm__ volatile("at s1e0r, %0\n isb" :: "r"(TEST_VA + 5 * gsz) : "memory");
    rt_check("AT S1E0R of an EL0 page", SYSREG_R(par_el1) & 1, 0);

    int n = faults;
    rt_check("LDTR of an EL0 page", ldtr(TEST_VA + 5 * gsz), 0x1111);
    ldtr(TEST_VA);
    rt_check("LDTR of an EL1 page faults", (uint64_t)(faults - n), 1);
    rt_check("  DFSC", f_esr & 0x3f, 0x0f);

    /* ASIDs: the non-global page follows TTBR0's ASID without a TLBI */
    rt_check("nG page in ASID 1", ld(TEST_VA + 4 * gsz), 0x3333);
    SYSREG_W(ttbr0_el1, (uint64_t)root2 | 2ull << 48);
    ISB();
    rt_check("nG page in ASID 2", ld(TEST_VA + 4 * gsz), 0x2222);
    SYSREG_W(ttbr0_el1, (uint64_t)root | 1ull << 48);
    ISB();
    rt_check("nG page in ASID 1 again", ld(TEST_VA + 4 * gsz), 0x3333);

    /* remap + TLBI VAE1IS */
    map(root, TEST_VA, t2, 3, D_NORMAL);
    __asm__ volatile("dsb ishst\n tlbi vaae1is, %0\n dsb ish\n isb" :: "r"(TEST_VA >> 12) : "memory");
    rt_check("after remap + TLBI VAAE1IS", ld(TEST_VA), 0x3333);

    uint64_t mmfr1 = SYSREG_R(id_aa64mmfr1_el1);
    if (((mmfr1 >> 20) & 15) >= 1) {            /* PAN */
        n = faults;
        __asm__ volatile(".inst 0xd500419f" ::: "memory");     /* msr pan, #1 */
        ld(TEST_VA + 5 * gsz);
        rt_check("PAN: EL1 load of an EL0 page faults", (uint64_t)(faults - n), 1);
        rt_check("PAN: LDTR still works", ldtr(TEST_VA + 5 * gsz), 0x1111);
        __asm__ volatile(".inst 0xd500409f" ::: "memory");     /* msr pan, #0 */
        rt_check("PAN off: EL1 load", ld(TEST_VA + 5 * gsz), 0x1111);
    }
    if ((mmfr1 & 15) >= 2) {                    /* hardware AF and dirty state */
        uint64_t *e = pt_slot(root, TEST_VA + 2 * gsz, 3);
        uint64_t *r = pt_slot(root, TEST_VA + gsz, 3);
        *r |= D_DBM;
        SYSREG_W(tcr_el1, tcr_for(gran, bits, 39) | 3ull << 39);   /* HA, HD */
        tlbi_all();
        rt_check("HA: AF=0 page reads", ld(TEST_VA + 2 * gsz), 0x2222);
        rt_check("HA: AF now set", (*e >> 10) & 1, 1);
        n = faults;
        st(TEST_VA + gsz + 8, 0x5555);
        rt_check("HD: DBM page writable", (uint64_t)(faults - n), 0);
        rt_check("HD: AP[2] cleared (dirty)", (*r >> 7) & 1, 0);
        SYSREG_W(tcr_el1, tcr_for(gran, bits, 39));
    }
    mmu_off();
}

int main(void)
{
    rt_on_trap = on_trap;
    run("4K granule, 48-bit VA, 2M blocks", 12, 48, 2);
    run("4K granule, 39-bit VA, 1G blocks", 12, 39, 1);
    run("16K granule, 48-bit VA, 32M blocks", 14, 48, 2);
    run("64K granule, 48-bit VA, 512M blocks", 16, 48, 2);
    run("64K granule, 42-bit VA", 16, 42, 2);
    return rt_failures;
}
