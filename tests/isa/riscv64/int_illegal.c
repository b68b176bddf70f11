/* Reserved compressed encodings and illegal CSR accesses raise SIGILL at the instruction;
 * the FP CSRs keep only their legal bits; the counters read but cannot be written. */
#include <signal.h>
#include <string.h>
#include <ucontext.h>
#include "base_check.h"

static volatile int sigill_count;
static volatile uint64_t sigill_pc;

/* Skip the faulting instruction (2 or 4 bytes by its low bits) and record where it was. */
static void on_sigill(int sig, siginfo_t *si, void *uc_)
{
    ucontext_t *uc = uc_;
    uint64_t pc = uc->uc_mcontext.__gregs[REG_PC];
    uint16_t lo;
    memcpy(&lo, (void *)pc, 2);
    sigill_pc = pc;
    sigill_count++;
    uc->uc_mcontext.__gregs[REG_PC] = pc + ((lo & 3) == 3 ? 4 : 2);
    (void)sig;
    (void)si;
}

/* Runs one raw instruction; returns whether it raised SIGILL at its own address. */
#define TRAPS(what, insn_directive)                                                            \
    do {                                                                                       \
        uint64_t at_;                                                                          \
        int before_ = sigill_count;                                                            \
        __asm__ volatile("la %0, 1f\n1:\n\t" insn_directive : "=&r"(at_) : : "memory");        \
        CHECK(what " traps", sigill_count - before_, 1);                                       \
        CHECK(what " pc", sigill_pc, at_);                                                     \
    } while (0)

static void test_reserved_rvc(void)
{
    TRAPS("all-zero insn", ".2byte 0x0000");
    TRAPS("c.addi4spn nzuimm=0", ".2byte 0x0004");
    TRAPS("c.addiw rd=0", ".2byte 0x2001");
    TRAPS("c.lui nzimm=0", ".2byte 0x6081");
    TRAPS("c.addi16sp nzimm=0", ".2byte 0x6101");
    TRAPS("c.lwsp rd=0", ".2byte 0x4002");
    TRAPS("c.ldsp rd=0", ".2byte 0x6002");
    TRAPS("c.jr rs1=0", ".2byte 0x8002");
}

static void test_illegal_32(void)
{
    TRAPS("unimp (csrrw x0, cycle, x0)", ".4byte 0xc0001073");
    TRAPS("csrw cycle", "csrw cycle, zero");
    TRAPS("csrs time, a0", "csrs time, %0");
    TRAPS("csrwi instret", "csrwi instret, 1");
    TRAPS("unknown csr 0x7c0", "csrr t0, 0x7c0");
    TRAPS("reserved opcode", ".4byte 0x0000007f");
}

static void test_counters(void)
{
    uint64_t a, b;
    int before = sigill_count;
    __asm__ volatile("rdcycle %0" : "=r"(a));
    __asm__ volatile("rdtime %0" : "=r"(a));
    __asm__ volatile("rdinstret %0" : "=r"(a));
    /* csrrs/csrrc with x0 and csrrsi/csrrci with 0 do not write: no trap. */
    __asm__ volatile("csrrc %0, time, x0" : "=r"(a));
    __asm__ volatile("csrrsi %0, cycle, 0" : "=r"(a));
    __asm__ volatile("csrrci %0, instret, 0" : "=r"(a));
    CHECK("counter reads do not trap", sigill_count - before, 0);
    __asm__ volatile("rdtime %0" : "=r"(a));
    for (volatile int i = 0; i < 1000; i++)
        ;
    __asm__ volatile("rdtime %0" : "=r"(b));
    CHECK("time does not go backwards", b >= a, 1);
    __asm__ volatile("rdinstret %0" : "=r"(a));
    for (volatile int i = 0; i < 1000; i++)
        ;
    __asm__ volatile("rdinstret %0" : "=r"(b));
    CHECK("instret advances", b > a, 1);
}

static void test_fp_csrs(void)
{
    uint64_t old, r;
    __asm__ volatile("csrrw %0, fcsr, %1" : "=r"(old) : "r"(0xffffffffffffffffULL));
    __asm__ volatile("csrr %0, fcsr" : "=r"(r));
    CHECK("fcsr keeps 8 bits", r, 0xff);
    __asm__ volatile("csrr %0, frm" : "=r"(r));
    CHECK("frm from fcsr", r, 7);
    __asm__ volatile("csrr %0, fflags" : "=r"(r));
    CHECK("fflags from fcsr", r, 0x1f);
    __asm__ volatile("csrrci %0, fflags, 0x5" : "=r"(r));
    CHECK("csrrci returns old fflags", r, 0x1f);
    __asm__ volatile("csrr %0, fcsr" : "=r"(r));
    CHECK("fflags cleared bits 0,2", r, 0xfa);
    __asm__ volatile("csrrwi %0, frm, 1" : "=r"(r));
    CHECK("csrrwi returns old frm", r, 7);
    __asm__ volatile("csrrs %0, fflags, %1" : "=r"(r) : "r"(0x100ULL));
    CHECK("fflags keeps 5 bits", r, 0x1a);
    __asm__ volatile("csrr %0, fcsr" : "=r"(r));
    CHECK("fcsr after frm=1", r, 0x3a);
    __asm__ volatile("fsflags x0" ::: "memory");
    __asm__ volatile("csrw fcsr, %0" : : "r"(old));
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigill;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGILL, &sa, NULL);
    test_reserved_rvc();
    test_illegal_32();
    test_counters();
    test_fp_csrs();
    return DONE();
}
