/* Stage 2 translation (-M virt,virtualization=on, started at EL2): EL2 sets up a 4K-granule
 * stage 2 map of a 32-bit IPA space (start level 1) through HVC services, EL1 checks the
 * composed translation (stage 1 off, then on with its tables read through stage 2), stage 2
 * faults taken to EL2 (EC, DFSC, WnR, S1PTW, FAR_EL2, HPFAR_EL2), AT S12E1R/S1E1R, and a
 * remap made visible by TLBI IPAS2E1IS + VMALLE1IS. */
#include "rt.h"

#define PAGE 4096ull
#define WIN 0x60000000ull               /* the IPA window of remapped pages (one 2 MiB slot) */
#define S1_BAD_VA 0x80000000ull         /* stage 1 L1[2]: a table at an IPA stage 2 lacks */
#define S1_WIN_VA 0xc0000000ull         /* stage 1 L1[3]: a 2 MiB block to IPA WIN */

/* stage 2 descriptors: MemAttr[5:2], S2AP[7:6], SH, AF, XN */
#define S2_DEV (1ull << 2 | 3ull << 6 | 1ull << 10 | 1ull << 54)
#define S2_RAM (15ull << 2 | 3ull << 6 | 3ull << 8 | 1ull << 10)
#define S2_RO (15ull << 2 | 1ull << 6 | 3ull << 8 | 1ull << 10)

static uint64_t s2_l1[512] __attribute__((aligned(4096)));  /* only 4 entries used */
static uint64_t s2_l2[512] __attribute__((aligned(4096)));  /* IPA 1..2 GiB */
static uint64_t s2_l3[512] __attribute__((aligned(4096)));  /* the window */
static uint64_t s1_l1[512] __attribute__((aligned(4096)));
static uint64_t s1_l2[512] __attribute__((aligned(4096)));
static volatile uint64_t page_a[512] __attribute__((aligned(4096)));
static volatile uint64_t page_b[512] __attribute__((aligned(4096)));

static volatile uint64_t el2_esr, el2_far, el2_hpfar;
static volatile int el2_aborts;

static uint64_t hvc(uint64_t fn, uint64_t a, uint64_t b)
{
    register uint64_t x0 __asm__("x0") = a, x1 __asm__("x1") = b;
    if (fn == 1)
        __asm__ volatile("hvc #1" : "+r"(x0), "+r"(x1) :: "memory");
    else if (fn == 2)
        __asm__ volatile("hvc #2" : "+r"(x0), "+r"(x1) :: "memory");
    else
        __asm__ volatile("hvc #3" : "+r"(x0), "+r"(x1) :: "memory");
    return x0;
}

/* EL2: HVC #1 (x0 VTTBR, x1 VTCR) turns stage 2 on; #2 flushes by IPA x0 and all of EL1;
 * #3 runs AT S12E1R (x1 = 0) or AT S1E1R on x0 and returns PAR_EL1. Stage 2 aborts from EL1
 * are recorded and skipped. */
void rt_el2_trap(Frame *f, int vec)
{
    unsigned ec = (unsigned)(f->esr >> 26);
    if (vec == 8 && ec == 0x16) {
        unsigned imm = f->esr & 0xffff;
        if (imm == 1) {
            SYSREG_W(vttbr_el2, f->x[0]);
            SYSREG_W(vtcr_el2, f->x[1]);
            SYSREG_W(hcr_el2, SYSREG_R(hcr_el2) | 1);               /* VM */
            __asm__ volatile("isb; tlbi vmalls12e1is; dsb ish; isb" ::: "memory");
        } else if (imm == 2) {
            __asm__ volatile("tlbi ipas2e1is, %0; dsb ish; tlbi vmalle1is; dsb ish; isb"
                             :: "r"(f->x[0] >> 12) : "memory");
        } else if (imm == 3) {
            if (f->x[1] == 0)
                __asm__ volatile("at s12e1r, %0; isb" :: "r"(f->x[0]) : "memory");
            else
                __asm__ volatile("at s1e1r, %0; isb" :: "r"(f->x[0]) : "memory");
            f->x[0] = SYSREG_R(par_el1);
        }
        return;
    }
    if (vec == 8 && ec == 0x24) {       /* data abort from EL1 */
        el2_esr = f->esr;
        el2_far = f->far;
        el2_hpfar = SYSREG_R(hpfar_el2);
        el2_aborts++;
        f->elr += 4;
        return;
    }
    rt_puts("FAIL unexpected EL2 trap esr ");
    rt_puthex(f->esr);
    rt_puts(" elr ");
    rt_puthex(f->elr);
    rt_puts("\n");
    rt_exit(1);
}

static uint64_t load(uint64_t va) { return *(volatile uint64_t *)va; }
static void store(uint64_t va, uint64_t v) { *(volatile uint64_t *)va = v; }

/* A load or store that should take a stage 2 abort: check its syndrome. */
static void expect_abort(const char *what, uint64_t va, int write, unsigned dfsc, int s1ptw,
                         uint64_t ipa)
{
    int before = el2_aborts;
    if (write)
        store(va, 1);
    else
        (void)load(va);
    rt_puts(what);
    rt_puts(":\n");
    rt_check("  stage 2 aborts taken", (uint64_t)(el2_aborts - before), 1);
    rt_check("  ESR_EL2.EC", el2_esr >> 26, 0x24);
    /* S1PTW: the architecture reports the stage 2 lookup's level, QEMU 7.2 the stage 1
     * level whose descriptor was being read; only the fault type is checked then */
    if (s1ptw)
        rt_check("  DFSC type", el2_esr & 0x3c, dfsc & 0x3c);
    else
        rt_check("  DFSC", el2_esr & 0x3f, dfsc);
    rt_check("  WnR", (el2_esr >> 6) & 1, (uint64_t)(write && !s1ptw));
    rt_check("  S1PTW", (el2_esr >> 7) & 1, (uint64_t)s1ptw);
    rt_check("  FAR_EL2", el2_far, va);
    rt_check("  HPFAR_EL2", el2_hpfar, ipa >> 12 << 4);
}

static void build_stage2(void)
{
    s2_l1[0] = 0x00000000 | S2_DEV | 1;                     /* devices: 1 GiB block */
    s2_l1[1] = (uint64_t)s2_l2 | 3;                         /* RAM, 2 MiB blocks */
    for (int i = 0; i < 512; i++)
        s2_l2[i] = (0x40000000ull + ((uint64_t)i << 21)) | S2_RAM | 1;
    s2_l2[(WIN >> 21) & 511] = (uint64_t)s2_l3 | 3;
    s2_l3[0] = (uint64_t)page_a | S2_RAM | 3;               /* WIN + 0: page A */
    s2_l3[1] = (uint64_t)page_b | S2_RO | 3;                /* WIN + 1 page: B, read-only */
    s2_l3[2] = 0;                                           /* WIN + 2 pages: invalid */
    s2_l3[3] = ((uint64_t)page_a | S2_RAM | 3) & ~(1ull << 10);    /* AF = 0 */
    /* s2_l1[2], [3]: invalid (IPA 2..4 GiB) */
}

/* Stage 1 at EL1: 39-bit VA, 4K, identity 1 GiB blocks for 0..2 GiB, L1[2] a table at the
 * IPA WIN + 2 pages (not mapped by stage 2), L1[3] a table mapping S1_WIN_VA to IPA WIN. */
static void stage1_on(void)
{
    s1_l1[0] = 0x00000000 | 1ull << 10 | 1ull << 2 | 1ull << 54 | 1ull << 53 | 1;
    s1_l1[1] = 0x40000000 | 1ull << 10 | 3ull << 8 | 1;
    s1_l1[2] = (WIN + 2 * PAGE) | 3;
    s1_l1[3] = (uint64_t)s1_l2 | 3;
    s1_l2[0] = WIN | 1ull << 10 | 3ull << 8 | 1;            /* 2 MiB block, Normal */
    SYSREG_W(mair_el1, 0xff04);                             /* 0: Device-nGnRE, 1: Normal WB */
    SYSREG_W(tcr_el1, 25 | 1ull << 8 | 1ull << 10 | 3ull << 12 | 1ull << 23 | 2ull << 32);
    SYSREG_W(ttbr0_el1, (uint64_t)s1_l1);
    ISB();
    __asm__ volatile("tlbi vmalle1; dsb sy; isb" ::: "memory");
    SYSREG_W(sctlr_el1, SYSREG_R(sctlr_el1) | 1 | 1 << 2 | 1 << 12);
    ISB();
}

static void stage1_off(void)
{
    SYSREG_W(sctlr_el1, SYSREG_R(sctlr_el1) & ~1ull);
    ISB();
}

int main(void)
{
    rt_puts("arm64 stage 2 test\n");
    rt_check("started at EL2", (uint64_t)rt_el2, 1);
    if (!rt_el2)
        rt_exit(1);
    page_a[0] = 0xaaaa0001;
    page_a[1] = 0xaaaa0002;
    page_b[0] = 0xbbbb0001;
    page_b[1] = 0xbbbb0002;
    build_stage2();
    /* VTCR: T0SZ 32, SL0 1 (level 1), inner/outer WB, inner shareable, 4K, PS 40 bits */
    uint64_t vtcr = 32 | 1 << 6 | 1 << 8 | 1 << 10 | 3 << 12 | 2ull << 16;
    hvc(1, (uint64_t)s2_l1 | 5ull << 48, vtcr);             /* VMID 5 */
    rt_puts("stage 2 on, stage 1 off\n");
    rt_check("IPA WIN reads page A", load(WIN), 0xaaaa0001);
    rt_check("IPA WIN+8 reads page A", load(WIN + 8), 0xaaaa0002);
    store(WIN + 16, 0x1234);
    rt_check("a store through IPA WIN reached page A", page_a[2], 0x1234);
    rt_check("IPA WIN+4K reads page B", load(WIN + PAGE), 0xbbbb0001);
    expect_abort("store to read-only IPA: permission fault level 3", WIN + PAGE + 8, 1, 0x0f,
                 0, WIN + PAGE);
    rt_check("page B unchanged", page_b[1], 0xbbbb0002);
    expect_abort("load from invalid IPA: translation fault level 3", WIN + 2 * PAGE + 16, 0,
                 0x07, 0, WIN + 2 * PAGE);
    expect_abort("load with AF = 0: access flag fault level 3", WIN + 3 * PAGE, 0, 0x0b, 0,
                 WIN + 3 * PAGE);
    expect_abort("load from IPA 2 GiB: translation fault level 1", 0x80000000ull, 0, 0x05, 0,
                 0x80000000ull);
    rt_check("AT S12E1R WIN: PA of page A", hvc(3, WIN + 0x10, 0) & 0xfffffffff001ull,
             (uint64_t)page_a);
    rt_check("AT S1E1R WIN: the IPA", hvc(3, WIN + 0x10, 1) & 0xfffffffff001ull, WIN);
    rt_check("AT S12E1R invalid IPA: F, FST, S", hvc(3, WIN + 2 * PAGE, 0) & 0x3ff,
             1 | 0x07 << 1 | 1 << 9);

    stage1_on();
    rt_puts("stage 1 on (tables through stage 2)\n");
    rt_check("VA S1_WIN_VA -> IPA WIN -> page A", load(S1_WIN_VA + 8), 0xaaaa0002);
    rt_check("VA S1_WIN_VA + 4K -> page B", load(S1_WIN_VA + PAGE), 0xbbbb0001);
    rt_check("AT S12E1R S1_WIN_VA: PA of page A", hvc(3, S1_WIN_VA, 0) & 0xfffffffff001ull,
             (uint64_t)page_a);
    rt_check("AT S1E1R S1_WIN_VA: IPA WIN", hvc(3, S1_WIN_VA, 1) & 0xfffffffff001ull, WIN);
    expect_abort("load through a stage 1 table at an unmapped IPA: S1PTW", S1_BAD_VA + 0x2000,
                 0, 0x07, 1, WIN + 2 * PAGE);
    expect_abort("store to read-only IPA with stage 1 on", S1_WIN_VA + PAGE, 1, 0x0f, 0,
                 WIN + PAGE);
    /* remap IPA WIN to page B: stale until TLBI by IPA + VMALLE1 */
    s2_l3[0] = (uint64_t)page_b | S2_RAM | 3;
    __asm__ volatile("dsb ish" ::: "memory");
    hvc(2, WIN, 0);
    rt_check("after the remap and TLBI IPAS2E1IS: VA S1_WIN_VA -> page B", load(S1_WIN_VA),
             0xbbbb0001);
    rt_check("... and IPA WIN (stage 1 off) too", (stage1_off(), load(WIN)), 0xbbbb0001);
    rt_exit(0);
    return 0;
}
