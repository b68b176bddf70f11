/* AdvSIMD structure loads/stores: LD1-LD4/ST1-ST4 multiple structures in every arrangement,
 * single-structure lanes, LD1R-LD4R, post-index by immediate and by register, register lists
 * wrapping V31 -> V0, and a fault in the middle of a structure (no base writeback, the bytes
 * before the fault stored). Checked against a C reference and, line by line, qemu-aarch64. */
#include "a64_rt.h"

typedef uint8_t u8;
#define NV 6                                    /* v0, v1, v2, v3, v30, v31 */
static u8 vin[NV][16] __attribute__((aligned(16)));
static u8 vout[NV][16] __attribute__((aligned(16)));
static u8 mem[256] __attribute__((aligned(16)));
static u64 xout;

/* x0 = mem + 16, x1 = 48 (the register post-increment); xout = x0 after. */
#define RUN(insn) __asm__ volatile( \
    "ldp q0, q1, [%0]\n ldp q2, q3, [%0, #32]\n ldp q30, q31, [%0, #64]\n" \
    "mov x0, %3\n mov x1, #48\n " insn "\n str x0, [%2]\n" \
    "stp q0, q1, [%1]\n stp q2, q3, [%1, #32]\n stp q30, q31, [%1, #64]" \
    :: "r"(vin), "r"(vout), "r"(&xout), "r"(mem + 16) \
    : "x0", "x1", "v0", "v1", "v2", "v3", "v30", "v31", "memory")

static void reset(int seed)
{
    for (int r = 0; r < NV; r++)
        for (int i = 0; i < 16; i++)
            vin[r][i] = (u8)(0xa0 + r * 16 + i + seed);
    for (int i = 0; i < 256; i++)
        mem[i] = (u8)(i * 7 + seed);
}

static u64 bytes64(const u8 *p)
{
    u64 v = 0;
    for (int i = 0; i < 8; i++)
        v |= (u64)p[i] << (8 * i);
    return v;
}

/* Compare registers and memory with the expectation; print them for the diff test. */
static void check(const char *name, u8 (*ev)[16], const u8 *em, u64 ex)
{
    for (int r = 0; r < NV; r++) {
        rt_line(name, r, bytes64(vout[r] + 8), bytes64(vout[r]), 0);
        CHECK(name, bytes64(vout[r]), bytes64(ev[r]));
        CHECK(name, bytes64(vout[r] + 8), bytes64(ev[r] + 8));
    }
    for (int i = 0; i < 256; i += 8)
        CHECK(name, (u64)i << 56 ^ bytes64(mem + i), (u64)i << 56 ^ bytes64(em + i));
    rt_line(name, 0, xout - (u64)mem, bytes64(mem + 16), 0);
    CHECK(name, xout - (u64)mem, ex);
}

static u8 ev[NV][16], em[256];

static void expect_init(void)
{
    for (int r = 0; r < NV; r++)
        for (int i = 0; i < 16; i++)
            ev[r][i] = vin[r][i];
    for (int i = 0; i < 256; i++)
        em[i] = mem[i];
}

/* Register slot (index into vin) of list element k starting at register rt0. */
static int slot(int rt0, int k)
{
    int r = (rt0 + k) % 32;
    return r < 4 ? r : r - 26;
}

/* Multiple structures: n registers from rt0, esz, q; ld: memory -> regs, else regs -> memory. */
static void ref_multi(int ld, int n, int interleave, int esz, int q, int rt0)
{
    int eb = 1 << esz, ne = (q ? 16 : 8) / eb;
    const u8 *m = mem + 16;
    for (int k = 0; k < n; k++)
        for (int e = 0; e < ne; e++)
            for (int j = 0; j < eb; j++) {
                int off = interleave ? (e * n + k) * eb + j : k * (q ? 16 : 8) + e * eb + j;
                if (ld)
                    ev[slot(rt0, k)][e * eb + j] = m[off];
                else
                    em[16 + off] = vin[slot(rt0, k)][e * eb + j];
            }
    for (int k = 0; ld && !q && k < n; k++)
        for (int i = 8; i < 16; i++)
            ev[slot(rt0, k)][i] = 0;
}

#define MULTI(insn, ld, n, il, esz, q, rt0, wb) do { \
    reset(__LINE__ & 7); expect_init(); ref_multi(ld, n, il, esz, q, rt0); RUN(insn); \
    check(insn, ev, em, 16 + (wb)); } while (0)

#define ARR(op, ld, n, list, wbs, wbv) do { \
    MULTI(op " " list("8b") ", [x0]" wbs, ld, n, 1, 0, 0, 0, wbv); \
    MULTI(op " " list("16b") ", [x0]", ld, n, 1, 0, 1, 0, 0); \
    MULTI(op " " list("4h") ", [x0], x1", ld, n, 1, 1, 0, 0, 48); \
    MULTI(op " " list("8h") ", [x0]", ld, n, 1, 1, 1, 0, 0); \
    MULTI(op " " list("2s") ", [x0], #" #n "*8", ld, n, 1, 2, 0, 0, n * 8); \
    MULTI(op " " list("4s") ", [x0], #" #n "*16", ld, n, 1, 2, 1, 0, n * 16); \
    MULTI(op " " list("2d") ", [x0]", ld, n, 1, 3, 1, 0, 0); } while (0)
#define L2(a) "{v0." a ", v1." a "}"
#define L3(a) "{v0." a ", v1." a ", v2." a "}"
#define L4(a) "{v0." a ", v1." a ", v2." a ", v3." a "}"

/* Single structure: lane idx of n registers (idx < 0: replicate over q ? 16 : 8 bytes). */
static void ref_single(int ld, int n, int esz, int idx, int q, int rt0)
{
    int eb = 1 << esz;
    const u8 *m = mem + 16;
    for (int k = 0; k < n; k++)
        for (int j = 0; j < eb; j++) {
            u8 *reg = ev[slot(rt0, k)];
            if (ld && idx < 0) {
                for (int i = 0; i < 16; i++)
                    reg[i] = i < (q ? 16 : 8) ? m[k * eb + i % eb] : 0;
            } else if (ld) {
                reg[idx * eb + j] = m[k * eb + j];
            } else {
                em[16 + k * eb + j] = vin[slot(rt0, k)][idx * eb + j];
            }
        }
}

#define SINGLE(insn, ld, n, esz, idx, q, rt0, wb) do { \
    reset(__LINE__ & 7); expect_init(); ref_single(ld, n, esz, idx, q, rt0); RUN(insn); \
    check(insn, ev, em, 16 + (wb)); } while (0)

static void multi_tests(void)
{
    ARR("ld2", 1, 2, L2, "", 0); ARR("ld3", 1, 3, L3, ", #24", 24); ARR("ld4", 1, 4, L4, "", 0);
    ARR("st2", 0, 2, L2, ", #16", 16); ARR("st3", 0, 3, L3, "", 0);
    ARR("st4", 0, 4, L4, ", #32", 32);
    MULTI("ld4 {v30.4s, v31.4s, v0.4s, v1.4s}, [x0], x1", 1, 4, 1, 2, 1, 30, 48);
    MULTI("st3 {v31.8h, v0.8h, v1.8h}, [x0], #48", 0, 3, 1, 1, 1, 31, 48);
    MULTI("ld2 {v31.2d, v0.2d}, [x0], #32", 1, 2, 1, 3, 1, 31, 32);
    MULTI("ld1 {v30.16b, v31.16b, v0.16b}, [x0], x1", 1, 3, 0, 0, 1, 30, 48);
    MULTI("st1 {v31.1d, v0.1d, v1.1d, v2.1d}, [x0], #32", 0, 4, 0, 3, 0, 31, 32);
    MULTI("ld1 {v0.8b, v1.8b}, [x0]", 1, 2, 0, 0, 0, 0, 0);
}

static void single_tests(void)
{
    SINGLE("ld1 {v0.b}[15], [x0]", 1, 1, 0, 15, 0, 0, 0);
    SINGLE("ld2 {v0.b, v1.b}[7], [x0], #2", 1, 2, 0, 7, 0, 0, 2);
    SINGLE("ld3 {v31.h, v0.h, v1.h}[5], [x0], x1", 1, 3, 1, 5, 0, 31, 48);
    SINGLE("ld4 {v0.s, v1.s, v2.s, v3.s}[3], [x0], #16", 1, 4, 2, 3, 0, 0, 16);
    SINGLE("ld2 {v30.d, v31.d}[1], [x0]", 1, 2, 3, 1, 0, 30, 0);
    SINGLE("ld4 {v0.d, v1.d, v2.d, v3.d}[0], [x0], #32", 1, 4, 3, 0, 0, 0, 32);
    SINGLE("st1 {v1.h}[7], [x0], #2", 0, 1, 1, 7, 0, 1, 2);
    SINGLE("st2 {v0.s, v1.s}[2], [x0]", 0, 2, 2, 2, 0, 0, 0);
    SINGLE("st3 {v30.b, v31.b, v0.b}[9], [x0], #3", 0, 3, 0, 9, 0, 30, 3);
    SINGLE("st4 {v0.d, v1.d, v2.d, v3.d}[1], [x0], x1", 0, 4, 3, 1, 0, 0, 48);
    SINGLE("ld1r {v0.16b}, [x0]", 1, 1, 0, -1, 1, 0, 0);
    SINGLE("ld1r {v1.4h}, [x0], #2", 1, 1, 1, -1, 0, 1, 2);
    SINGLE("ld2r {v0.2s, v1.2s}, [x0], x1", 1, 2, 2, -1, 0, 0, 48);
    SINGLE("ld3r {v31.2d, v0.2d, v1.2d}, [x0], #24", 1, 3, 3, -1, 1, 31, 24);
    SINGLE("ld4r {v0.8h, v1.8h, v2.8h, v3.8h}, [x0]", 1, 4, 1, -1, 1, 0, 0);
    SINGLE("ld4r {v0.1d, v1.1d, v2.1d, v3.1d}, [x0], #32", 1, 4, 3, -1, 0, 0, 32);
    SINGLE("ld3r {v0.8b, v1.8b, v2.8b}, [x0]", 1, 3, 0, -1, 0, 0, 0);
}

/* A fault inside a structure access: SIGSEGV handler records the frame and skips the insn. */
static long rt_svc6(long nr, long a, long b, long c, long d, long e, long f)
{
    register long x8 __asm__("x8") = nr, x0 __asm__("x0") = a, x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c, x3 __asm__("x3") = d, x4 __asm__("x4") = e;
    register long x5 __asm__("x5") = f;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
                     : "memory");
    return x0;
}

static volatile u64 sig_fault_addr, sig_x0, sig_count;

/* ucontext: uc_mcontext (struct sigcontext) at 176: fault_address, regs[31], sp, pc. */
static void on_segv(int sig, void *info, void *uc)
{
    u64 *mc = (u64 *)((char *)uc + 176);
    sig_fault_addr = mc[0];
    sig_x0 = mc[1];
    sig_count++;
    mc[1 + 31 + 1] += 4;
}

__asm__(".globl sig_restorer\nsig_restorer:\n mov x8, #139\n svc #0\n");
void sig_restorer(void);

static u8 *fault_setup(void)
{
    struct { void *handler; unsigned long flags; void *restorer; u64 mask; } sa = {
        (void *)on_segv, 4 | 0x04000000, (void *)sig_restorer, 0 };
    rt_svc6(134, 11, (long)&sa, 0, 8, 0, 0);
    u8 *p = (u8 *)rt_svc6(222, 0, 8192, 3, 0x22, -1, 0);
    rt_svc6(226, (long)p + 4096, 4096, 0, 0, 0, 0);
    return p;
}

#define FAULT(insn, base_off) do { \
    u64 base_ = (u64)page + (base_off), after_; \
    __asm__ volatile("ldp q0, q1, [%2]\n ldp q2, q3, [%2, #32]\n mov x0, %1\n" insn "\n" \
                     "mov %0, x0\n stp q0, q1, [%3]\n stp q2, q3, [%3, #32]" \
                     : "=&r"(after_) : "r"(base_), "r"(vin), "r"(vout) \
                     : "x0", "v0", "v1", "v2", "v3", "memory"); \
    CHECK(insn " count", sig_count, ++n_faults); \
    CHECK(insn " x0", after_, base_); \
    CHECK(insn " frame x0", sig_x0, base_); \
    CHECK(insn " addr", sig_fault_addr, (u64)page + 4096); \
    rt_line(insn, after_ - (u64)page, sig_fault_addr - (u64)page, bytes64(page + 4088), 0); \
    } while (0)

static void fault_tests(void)
{
    u8 *page = fault_setup();
    u64 n_faults = 0;
    reset(1);
    for (int i = 0; i < 4096; i++)
        page[i] = (u8)i;
    FAULT("ld4 {v0.16b, v1.16b, v2.16b, v3.16b}, [x0], #64", 4096 - 16);
    FAULT("ld2 {v0.2d, v1.2d}, [x0], #32", 4096 - 8);
    FAULT("ld3 {v0.4h, v1.4h, v2.4h}, [x0]", 4096 - 16);
    FAULT("st4 {v0.16b, v1.16b, v2.16b, v3.16b}, [x0], #64", 4096 - 16);
    for (int i = 0; i < 16; i++)        /* the first 16 bytes of the image were stored */
        CHECK("st4 partial", page[4080 + i], vin[i % 4][i / 4]);
    FAULT("st2 {v0.4s, v1.4s}, [x0], #32", 4096 - 8);
    CHECK("st2 partial", bytes64(page + 4088) & 0xffffffff, bytes64(vin[0]) & 0xffffffff);
    CHECK("st2 partial hi", bytes64(page + 4088) >> 32, bytes64(vin[1]) & 0xffffffff);
    /* Single structure: qemu writes the lanes loaded before the fault. */
    FAULT("ld4 {v0.s, v1.s, v2.s, v3.s}[1], [x0], #16", 4096 - 8);
    for (int r = 0; r < 4; r++)
        rt_line("ld4 lane regs", r, bytes64(vout[r] + 8), bytes64(vout[r]), 0);
    FAULT("ld2r {v0.4s, v1.4s}, [x0], #8", 4096 - 4);
    for (int r = 0; r < 2; r++)
        rt_line("ld2r regs", r, bytes64(vout[r] + 8), bytes64(vout[r]), 0);
    FAULT("st3 {v0.h, v1.h, v2.h}[0], [x0], #6", 4096 - 4);
    rt_line("st3 lane mem", 0, 0, bytes64(page + 4088), 0);
}

int main(void)
{
    multi_tests();
    single_tests();
    fault_tests();
    return DONE();
}
