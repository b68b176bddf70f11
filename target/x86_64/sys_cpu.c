/* x86-64 system mode: the interrupt inputs, configuration and boot state of x86_sys.h. */
#include <string.h>
#include "trix/machine.h"
#include "target/x86_64/x86_sys.h"

static void x86_pend(X86CPU *env, uint32_t bit)
{
    __atomic_fetch_or(&env->sys.pending, bit, __ATOMIC_SEQ_CST);
    cpu_interrupt(&env->cs, CPU_INTERRUPT_HARD);
}

void x86_cpu_set_intr(X86CPU *env, bool level)
{
    if (level) {
        x86_pend(env, X86_PEND_INTR);
        return;
    }
    if (!(__atomic_and_fetch(&env->sys.pending, ~(uint32_t)X86_PEND_INTR, __ATOMIC_SEQ_CST)))
        cpu_reset_interrupt(&env->cs, CPU_INTERRUPT_HARD);
}

void x86_cpu_nmi(X86CPU *env) { x86_pend(env, X86_PEND_NMI); }
void x86_cpu_init_ipi(X86CPU *env) { x86_pend(env, X86_PEND_INIT); }

void x86_cpu_sipi(X86CPU *env, uint8_t vector)
{
    env->sys.sipi_vector = vector;
    x86_pend(env, X86_PEND_SIPI);
}

void x86_cpu_attach_intc(X86CPU *env, const X86IntcOps *ops, void *opaque)
{
    env->sys.intc = ops;
    env->sys.intc_opaque = opaque;
}

uint64_t x86_cpu_tsc(X86CPU *env)
{
    cpu_time_seen(&env->cs);
    return (uint64_t)(clock_ns() + env->sys.tsc_offset);   /* 1 GHz: ns are ticks */
}

void x86_cpu_configure(X86CPU *env, const X86CpuConfig *cfg)
{
    env->sys.apic_id = cfg->apic_id;
    env->sys.ncpus = cfg->ncpus;
    env->sys.bsp = cfg->bsp;
}

void x86_cpu_set_boot(X86CPU *env, const X86BootState *bs)
{
    if (!env->sys.boot)
        env->sys.boot = trix_malloc0(sizeof(*bs));
    memcpy(env->sys.boot, bs, sizeof(*bs));
}
