/* Zicsr: fflags/frm/fcsr read, write, set and clear (csrrw/csrrs/csrrc and the immediate
 * forms), the fields' aliasing inside fcsr, flags raised by real FP operations, and the user
 * counters cycle/time/instret counting up. */
#include "base_check.h"

#define CSRR(csr) ({ uint64_t r_; __asm__ volatile("csrr %0, " #csr : "=r"(r_) : : "memory"); r_; })
#define CSRW(csr, v) __asm__ volatile("csrw " #csr ", %0" : : "r"((uint64_t)(v)) : "memory")
#define CSRRW(csr, v) ({ uint64_t r_; __asm__ volatile("csrrw %0, " #csr ", %1" : "=r"(r_) : "r"((uint64_t)(v)) : "memory"); r_; })
#define CSRRS(csr, v) ({ uint64_t r_; __asm__ volatile("csrrs %0, " #csr ", %1" : "=r"(r_) : "r"((uint64_t)(v)) : "memory"); r_; })
#define CSRRC(csr, v) ({ uint64_t r_; __asm__ volatile("csrrc %0, " #csr ", %1" : "=r"(r_) : "r"((uint64_t)(v)) : "memory"); r_; })
#define CSRRWI(csr, i) ({ uint64_t r_; __asm__ volatile("csrrwi %0, " #csr ", " #i : "=r"(r_) : : "memory"); r_; })
#define CSRRSI(csr, i) ({ uint64_t r_; __asm__ volatile("csrrsi %0, " #csr ", " #i : "=r"(r_) : : "memory"); r_; })
#define CSRRCI(csr, i) ({ uint64_t r_; __asm__ volatile("csrrci %0, " #csr ", " #i : "=r"(r_) : : "memory"); r_; })

static void test_fp_csrs(void)
{
    CSRW(fcsr, 0);
    CHECK("fcsr cleared", CSRR(fcsr), 0);
    CHECK("csrrw fflags old", CSRRW(fflags, 0x1f), 0);
    CHECK("fflags all", CSRR(fflags), 0x1f);
    CHECK("fcsr sees fflags", CSRR(fcsr), 0x1f);
    CHECK("csrrw frm old", CSRRW(frm, 3), 0);
    CHECK("frm", CSRR(frm), 3);
    CHECK("fcsr sees frm", CSRR(fcsr), 0x7f);
    /* Bits beyond the field are ignored on write. */
    CHECK("csrrw fflags wide old", CSRRW(fflags, 0xffffffffffffffe5ULL), 0x1f);
    CHECK("fflags masked", CSRR(fflags), 0x05);
    CHECK("csrrw frm wide old", CSRRW(frm, 0xfffffffffffffff9ULL), 3);
    CHECK("frm masked", CSRR(frm), 1);
    CHECK("fcsr = frm<<5 | fflags", CSRR(fcsr), 0x25);
    CHECK("csrrw fcsr wide old", CSRRW(fcsr, 0xffffffffffffff00ULL | 0x4a), 0x25);
    CHECK("fcsr masked to 8 bits", CSRR(fcsr), 0x4a);
    CHECK("frm from fcsr", CSRR(frm), 2);
    CHECK("fflags from fcsr", CSRR(fflags), 0x0a);

    /* Set and clear, register forms: the old value comes back, the bits change. */
    CHECK("csrrs fflags old", CSRRS(fflags, 0x11), 0x0a);
    CHECK("fflags after set", CSRR(fflags), 0x1b);
    CHECK("csrrc fflags old", CSRRC(fflags, 0x03), 0x1b);
    CHECK("fflags after clear", CSRR(fflags), 0x18);
    CHECK("csrrs x0 reads only", CSRRS(fflags, 0), 0x18);
    CHECK("fflags unchanged", CSRR(fflags), 0x18);

    /* Immediate forms. */
    CHECK("csrrwi fflags old", CSRRWI(fflags, 0x03), 0x18);
    CHECK("csrrsi fflags old", CSRRSI(fflags, 0x10), 0x03);
    CHECK("csrrci fflags old", CSRRCI(fflags, 0x01), 0x13);
    CHECK("fflags after imm ops", CSRR(fflags), 0x12);
    CHECK("csrrwi frm old", CSRRWI(frm, 4), 2);
    CHECK("csrrsi frm old", CSRRSI(frm, 0), 4);
    CHECK("csrrci frm old", CSRRCI(frm, 4), 4);
    CHECK("frm after imm ops", CSRR(frm), 0);
    CHECK("fcsr after imm ops", CSRR(fcsr), 0x12);
    CHECK("csrrwi fcsr old", CSRRWI(fcsr, 0), 0x12);
    CHECK("fcsr zero", CSRR(fcsr), 0);
}

/* The FP operations are in asm so the compiler can neither drop nor move them. */
#define FOP(insn, a, b) ({ double r_; __asm__ volatile(insn " %0, %1, %2" : "=f"(r_) : "f"(a), "f"(b)); r_; })

static void test_fp_flags(void)
{
    double one = 1.0, zero = 0.0, three = 3.0, big = 1e308;
    CSRW(fflags, 0);
    (void)FOP("fdiv.d", one, zero);
    CHECK("1/0 sets DZ only", CSRR(fflags), 0x08);
    CSRW(fflags, 0);
    (void)FOP("fdiv.d", one, three);
    CHECK("1/3 sets NX only", CSRR(fflags), 0x01);
    CSRW(fflags, 0);
    (void)FOP("fmul.d", big, big);
    CHECK("overflow sets OF and NX", CSRR(fflags), 0x05);
    CSRW(fflags, 0);
    (void)FOP("fdiv.d", zero, zero);
    CHECK("0/0 sets NV only", CSRR(fflags), 0x10);
    CSRW(fflags, 0);
    (void)FOP("fadd.d", one, three);
    CHECK("exact add sets nothing", CSRR(fflags), 0);
    (void)FOP("fdiv.d", one, zero);
    (void)FOP("fdiv.d", one, three);
    CHECK("flags accumulate", CSRR(fflags), 0x09);
    CSRW(fflags, 0);
}

static void test_rounding_modes(void)
{
    /* fcvt.w.d with the dynamic rounding mode follows frm. */
    volatile double x = 2.5, y = -2.5;
    static const uint64_t expect_pos[5] = {2, 2, 2, 3, 3}; /* RNE RTZ RDN RUP RMM */
    static const int64_t expect_neg[5] = {-2, -2, -3, -2, -3};
    for (int rm = 0; rm < 5; rm++) {
        uint64_t a, b;
        CSRW(frm, rm);
        __asm__ volatile("fcvt.l.d %0, %1, dyn" : "=r"(a) : "f"(x));
        __asm__ volatile("fcvt.l.d %0, %1, dyn" : "=r"(b) : "f"(y));
        CHECK("fcvt.l.d 2.5 under frm", a, expect_pos[rm]);
        CHECK("fcvt.l.d -2.5 under frm", b, (uint64_t)expect_neg[rm]);
    }
    CSRW(frm, 0);
    CSRW(fflags, 0);
}

static void test_counters(void)
{
    uint64_t c0, c1, t0, t1, i0, i1;
    volatile uint64_t sink = 0;
    __asm__ volatile("rdcycle %0" : "=r"(c0));
    __asm__ volatile("rdtime %0" : "=r"(t0));
    __asm__ volatile("rdinstret %0" : "=r"(i0));
    for (int i = 0; i < 200000; i++)
        sink += i;
    __asm__ volatile("rdinstret %0" : "=r"(i1));
    __asm__ volatile("rdtime %0" : "=r"(t1));
    __asm__ volatile("rdcycle %0" : "=r"(c1));
    CHECK("cycle counts up", c1 > c0, 1);
    CHECK("time does not go back", t1 >= t0, 1);
    CHECK("time moves over a busy loop", t1 > t0, 1);
    CHECK("instret counts up", i1 > i0, 1);
    /* Many reads in a row never go backwards. */
    uint64_t prev_c = 0, prev_t = 0, prev_i = 0, bad = 0;
    for (int i = 0; i < 1000; i++) {
        uint64_t c, t, n;
        __asm__ volatile("rdcycle %0\n\trdtime %1\n\trdinstret %2" : "=r"(c), "=r"(t), "=r"(n));
        bad += c < prev_c || t < prev_t || n < prev_i;
        prev_c = c, prev_t = t, prev_i = n;
    }
    CHECK("counters monotonic", bad, 0);
}

int main(void)
{
    test_fp_csrs();
    test_fp_flags();
    test_rounding_modes();
    test_counters();
    return DONE();
}
