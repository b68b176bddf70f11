/* riscv64 privileged state: trap entry and delegation, interrupt priority and enables, CSR
 * access rules and legal values, without running guest code. */
#include "target/riscv64/cpu.h"
#include "trix/memory.h"

static int failures;

#define CHECK(cond) \
    do { if (!(cond)) { printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); failures++; } } while (0)

bool rv_exec_interrupt(CPUState *cs);
bool rv_has_work(CPUState *cs);

static bool csr_ok(RVCPU *env, uint32_t csr, bool write, uint64_t val, uint64_t *old)
{
    return rv_csr_rmw(env, csr, write, val, ~0ull, old);
}

static uint64_t csr_get(RVCPU *env, uint32_t csr)
{
    uint64_t v = 0xdead;
    CHECK(rv_csr_rmw(env, csr, false, 0, 0, &v));
    return v;
}

static void csr_set(RVCPU *env, uint32_t csr, uint64_t val)
{
    uint64_t old;
    CHECK(csr_ok(env, csr, true, val, &old));
}

static void test_traps(RVCPU *env)
{
    rv_cpu_reset_system(env, 0, 0x80000000);
    csr_set(env, 0x305, 0x80001000);                     /* mtvec direct */
    csr_set(env, 0x105, 0x80002001);                     /* stvec vectored */
    csr_set(env, 0x302, 1ull << 8 | 1ull << 13);         /* medeleg: ecall U, load page */
    csr_set(env, 0x303, 0x222);                          /* mideleg: S interrupts */

    /* U-mode ecall goes to S: sepc, scause, SPP = U, SPIE = old SIE, SIE = 0. */
    env->priv = RV_PRIV_U;
    env->mstatus |= MSTATUS_SIE;
    env->pc = 0x1000;
    rv_do_exception(env, RV_EXCP_ECALL_U, 0);
    CHECK(env->priv == RV_PRIV_S && env->pc == 0x80002000);  /* exceptions: base only */
    CHECK(env->sepc == 0x1000 && env->scause == RV_EXCP_ECALL_U);
    CHECK(!(env->mstatus & MSTATUS_SPP) && (env->mstatus & MSTATUS_SPIE) &&
          !(env->mstatus & MSTATUS_SIE));

    /* S-mode ecall is not delegated: M, MPP = S. */
    env->pc = 0x2000;
    rv_do_exception(env, RV_EXCP_ECALL_S, 0);
    CHECK(env->priv == RV_PRIV_M && env->pc == 0x80001000 && env->mepc == 0x2000);
    CHECK(((env->mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT) == RV_PRIV_S);

    /* A delegated exception taken in M stays in M. */
    rv_do_exception(env, RV_EXCP_LOAD_PAGE, 0x1234);
    CHECK(env->priv == RV_PRIV_M && env->mtval == 0x1234 && env->mcause == RV_EXCP_LOAD_PAGE);

    /* Vectored interrupt to S: base + 4 * cause. */
    env->priv = RV_PRIV_U;
    rv_do_exception(env, RV_CAUSE_INTR | RV_IRQ_STI, 0);
    CHECK(env->priv == RV_PRIV_S && env->pc == 0x80002000 + 4 * RV_IRQ_STI);
    CHECK(env->scause == (RV_CAUSE_INTR | RV_IRQ_STI));
}

static void test_interrupts(RVCPU *env)
{
    CPUState *cs = &env->cs;
    rv_cpu_reset_system(env, 0, 0x80000000);
    csr_set(env, 0x305, 0x80001000);
    csr_set(env, 0x105, 0x80002000);
    csr_set(env, 0x303, 0x222);
    csr_set(env, 0x304, 0xaaa);                           /* mie: everything */

    /* M mode with MIE clear: nothing taken, but wfi would wake. */
    rv_set_irq_level(env, RV_IRQ_MTI, 1);
    CHECK(cs->interrupt_request & CPU_INTERRUPT_HARD);
    CHECK(rv_has_work(cs));
    CHECK(!rv_exec_interrupt(cs));
    /* Enabling MIE through the CSR makes it deliverable. */
    cs->exit_request = 0;
    csr_set(env, 0x300, env->mstatus | MSTATUS_MIE);
    CHECK(cs->exit_request);
    rv_set_irq_level(env, RV_IRQ_MEI, 1);
    rv_set_irq_level(env, RV_IRQ_MSI, 1);
    CHECK(rv_exec_interrupt(cs));
    CHECK(env->mcause == (RV_CAUSE_INTR | RV_IRQ_MEI) && env->priv == RV_PRIV_M);
    CHECK(!(env->mstatus & MSTATUS_MIE) && (env->mstatus & MSTATUS_MPIE));
    rv_set_irq_level(env, RV_IRQ_MEI, 0);
    rv_set_irq_level(env, RV_IRQ_MSI, 0);
    rv_set_irq_level(env, RV_IRQ_MTI, 0);
    CHECK(!(cs->interrupt_request & CPU_INTERRUPT_HARD));

    /* Delegated S interrupts are never taken in M, even with MIE set... */
    env->mstatus |= MSTATUS_MIE;
    rv_set_irq_level(env, RV_IRQ_SEI, 1);
    csr_set(env, 0x344, 1ull << RV_IRQ_SSI);              /* mip.SSIP by software */
    CHECK(!rv_exec_interrupt(cs));
    /* ...are taken in S only with SIE, and always from U; SEI before SSI. */
    env->priv = RV_PRIV_S;
    CHECK(!rv_exec_interrupt(cs));
    env->mstatus |= MSTATUS_SIE;
    CHECK(rv_exec_interrupt(cs));
    CHECK(env->priv == RV_PRIV_S && env->scause == (RV_CAUSE_INTR | RV_IRQ_SEI));
    rv_set_irq_level(env, RV_IRQ_SEI, 0);
    env->priv = RV_PRIV_U;
    CHECK(rv_exec_interrupt(cs));
    CHECK(env->scause == (RV_CAUSE_INTR | RV_IRQ_SSI) && (env->mstatus & MSTATUS_SPP) == 0);
    /* An M-level interrupt preempts S-level ones and is taken from S regardless of SIE. */
    env->priv = RV_PRIV_S;
    env->mstatus &= ~MSTATUS_SIE;
    rv_set_irq_level(env, RV_IRQ_MTI, 1);
    CHECK(rv_exec_interrupt(cs));
    CHECK(env->priv == RV_PRIV_M && env->mcause == (RV_CAUSE_INTR | RV_IRQ_MTI));
    rv_set_irq_level(env, RV_IRQ_MTI, 0);

    /* Software SEIP or's with the external line and read-modify-writes keep them apart. */
    rv_set_irq_level(env, RV_IRQ_SEI, 1);
    uint64_t old;
    CHECK(rv_csr_rmw(env, 0x344, true, 0, 1ull << RV_IRQ_SSI, &old));   /* csrc mip, SSIP */
    CHECK(!env->seip_sw && (rv_read_mip(env) & (1ull << RV_IRQ_SEI)));
    rv_set_irq_level(env, RV_IRQ_SEI, 0);
    CHECK(!(rv_read_mip(env) & (1ull << RV_IRQ_SEI)));
}

static void test_csr_rules(RVCPU *env)
{
    uint64_t v;
    rv_cpu_reset_system(env, 5, 0x80000000);
    CHECK(csr_get(env, 0xf14) == 5);                     /* mhartid */
    CHECK(!csr_ok(env, 0xf14, true, 1, &v));             /* read-only by number */
    uint64_t misa = csr_get(env, 0x301);
    CHECK(misa >> 62 == 2 && (misa & (1 << ('S' - 'A'))) && (misa & (1 << ('C' - 'A'))));
    CHECK(!csr_ok(env, 0x7a0, false, 0, &v));            /* tselect: not implemented */
    CHECK(!csr_ok(env, 0x3a1, false, 0, &v));            /* pmpcfg1: RV32 only */
    /* FS off: FP CSRs are illegal; writing fcsr marks FS dirty. */
    CHECK(!csr_ok(env, 0x003, false, 0, &v));
    csr_set(env, 0x300, 1ull << MSTATUS_FS_SHIFT);
    csr_set(env, 0x003, 0x21);
    CHECK((env->mstatus & MSTATUS_FS) == MSTATUS_FS && (csr_get(env, 0x300) >> 63));
    CHECK(csr_get(env, 0x100) >> 63);                    /* sstatus.SD */
    /* sstatus hides M fields; MPP = 2 is not legal. */
    csr_set(env, 0x300, env->mstatus | MSTATUS_MPP);
    csr_set(env, 0x300, (env->mstatus & ~MSTATUS_MPP) | (2ull << MSTATUS_MPP_SHIFT));
    CHECK((env->mstatus & MSTATUS_MPP) == MSTATUS_MPP);
    CHECK(!(csr_get(env, 0x100) & MSTATUS_MPP));
    CHECK((csr_get(env, 0x300) & (MSTATUS_UXL | MSTATUS_SXL)) == (2ull << 32 | 2ull << 34));
    /* mtvec modes 2 and 3 are ignored; mepc bit 0 reads as zero. */
    csr_set(env, 0x305, 0x80000000);
    csr_set(env, 0x305, 0x80000402);
    CHECK(csr_get(env, 0x305) == 0x80000000);
    csr_set(env, 0x341, 0x80000003);
    CHECK(csr_get(env, 0x341) == 0x80000002);
    /* satp: unsupported modes leave it alone; Sv39/48/57 are accepted. */
    csr_set(env, 0x180, 8ull << 60 | 0x80000);
    csr_set(env, 0x180, 11ull << 60 | 0x1);
    CHECK(csr_get(env, 0x180) == (8ull << 60 | 0x80000));
    csr_set(env, 0x180, 10ull << 60 | 0xffffull << 44);
    CHECK(csr_get(env, 0x180) == (10ull << 60 | 0xffffull << 44));

    /* S mode: no M CSRs; TVM guards satp; counters follow mcounteren. */
    env->priv = RV_PRIV_S;
    CHECK(!csr_ok(env, 0x300, false, 0, &v));
    CHECK(csr_ok(env, 0x180, false, 0, &v));
    env->mstatus |= MSTATUS_TVM;
    CHECK(!csr_ok(env, 0x180, false, 0, &v));
    env->mstatus &= ~MSTATUS_TVM;
    CHECK(!csr_ok(env, 0xc01, false, 0, &v));            /* time, TM clear */
    env->mcounteren = 2;
    CHECK(csr_ok(env, 0xc01, false, 0, &v));
    CHECK(!csr_ok(env, 0xc01, true, 0, &v));
    CHECK(!csr_ok(env, 0x14d, false, 0, &v));            /* stimecmp needs STCE */
    env->menvcfg = MENVCFG_STCE;
    CHECK(csr_ok(env, 0x14d, false, 0, &v));
    env->priv = RV_PRIV_U;
    CHECK(!csr_ok(env, 0xc01, false, 0, &v));            /* needs scounteren too */
    env->scounteren = 2;
    CHECK(csr_ok(env, 0xc01, false, 0, &v));
    CHECK(!csr_ok(env, 0x100, false, 0, &v));

    /* sie/sip only show delegated bits. */
    env->priv = RV_PRIV_M;
    csr_set(env, 0x304, 0xaaa);
    csr_set(env, 0x303, 0x020);
    CHECK(csr_get(env, 0x104) == 0x020);
    csr_set(env, 0x104, 0);
    CHECK(csr_get(env, 0x304) == 0xa8a);
}

/* Sstc: with STCE, STIP follows time >= stimecmp; M cannot write it then. */
static uint64_t fake_time;
static uint64_t fake_time_source(void) { return fake_time; }

static void test_sstc(RVCPU *env)
{
    rv_cpu_reset_system(env, 0, 0x80000000);
    rv_time_source = fake_time_source;
    fake_time = 1000;
    csr_set(env, 0x30a, MENVCFG_STCE);
    csr_set(env, 0x14d, 500);
    CHECK(rv_read_mip(env) & (1ull << RV_IRQ_STI));
    csr_set(env, 0x344, 0);
    CHECK(rv_read_mip(env) & (1ull << RV_IRQ_STI));
    csr_set(env, 0x14d, ~0ull);
    CHECK(!(rv_read_mip(env) & (1ull << RV_IRQ_STI)));
    csr_set(env, 0x30a, 0);                               /* back to software STIP */
    csr_set(env, 0x344, 1ull << RV_IRQ_STI);
    CHECK(rv_read_mip(env) & (1ull << RV_IRQ_STI));
}

int main(void)
{
    CPUState *cs = cpu_create(&rv_target_ops);
    RVCPU *env = rv_cpu(cs);
    test_traps(env);
    test_interrupts(env);
    test_csr_rules(env);
    test_sstc(env);
    if (failures) {
        printf("%d failures\n", failures);
        return 1;
    }
    printf("OK\n");
    return 0;
}
