/* PSCI with two CPUs: the secondary parks itself with CPU_OFF at boot, the primary waits for
 * AFFINITY_INFO to say OFF, starts it with CPU_ON at secondary_entry (context id in x0), sees
 * it run, and ends with SYSTEM_OFF. */
#include "rt.h"

extern char secondary_entry[];
static volatile uint64_t sec_ctx, sec_mpidr, sec_el;

void secondary_main(void)
{
    register uint64_t x0 __asm__("x0");
    __asm__ volatile("" : "=r"(x0));
    (void)x0;
    sec_mpidr = SYSREG_R(mpidr_el1);
    sec_el = SYSREG_R(CurrentEL);
    sec_ctx = 1;
    rt_psci(0x84000002, 0, 0, 0);           /* CPU_OFF */
    for (;;)
        ;
}

static uint64_t affinity(uint64_t mpidr) { return rt_psci(0xc4000004, mpidr, 0, 0); }

int main(void)
{
    int spins = 0;
    while (affinity(1) != 1 && spins < 1000000)
        { spins++; __asm__ volatile("wfe"); }
    rt_check("AFFINITY_INFO(1) = OFF", affinity(1), 1);
    rt_check("AFFINITY_INFO(7) invalid", affinity(7), ~1ull);     /* -2 */
    rt_check("CPU_ON(1)", rt_psci(0xc4000003, 1, (uint64_t)secondary_entry, 0x5a5a), 0);
    rt_check("CPU_ON(0) already on", rt_psci(0xc4000003, 0, (uint64_t)secondary_entry, 0),
             ~3ull);                                                /* -4 */
    for (spins = 0; !sec_ctx && spins < 10000000; spins++)
        __asm__ volatile("wfe");
    rt_check("secondary ran", sec_ctx, 1);
    rt_check("secondary MPIDR.Aff0", sec_mpidr & 0xff, 1);
    rt_check("secondary at EL1", sec_el, 4);
    for (spins = 0; affinity(1) != 1 && spins < 1000000; spins++)
        __asm__ volatile("wfe");
    rt_check("AFFINITY_INFO(1) = OFF again", affinity(1), 1);
    return rt_failures;
}
