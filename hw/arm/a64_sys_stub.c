/* Placeholders for target/arm64's system-mode interface (a64_sys.h) until that lands: weak, so
 * the CPU engineer's definitions replace them. Delete this file once target/arm64 has them. */
#include "target/arm64/a64_sys.h"

static void a64_stub_irq(void *opaque, int n, int level)
{
}

__attribute__((weak)) IRQ a64_cpu_irq(A64CPU *env, int line)
{
    return irq_make(a64_stub_irq, env, line);
}

__attribute__((weak)) void a64_cpu_set_timer_out(A64CPU *env, int timer, IRQ out)
{
}

__attribute__((weak)) void a64_cpu_add_dev_sysregs(A64CPU *env, const A64DevSysReg *regs, int n,
                                                   void *opaque)
{
}

__attribute__((weak)) void a64_cpu_set_boot(A64CPU *env, const A64BootState *bs)
{
    env->pc = bs->pc;
    for (int i = 0; i < 4; i++)
        env->x[i] = bs->x[i];
}

__attribute__((weak)) void a64_cpu_configure(A64CPU *env, const A64CpuConfig *cfg)
{
}
