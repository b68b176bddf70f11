/* Tier selection: which TierOps compile new blocks (-accel tcg,tier=..., TRIX_JIT), and the
 * calls that go to every tier (init, host faults, stats). */
#include <stdlib.h>
#include <string.h>
#include "trix/tier.h"
#include "trix/tier2.h"
#ifdef CONFIG_JIT
#include "tcg/jit.h"
#endif

static const TierOps *const tiers_interp[] = { &tier_interp_ops, NULL };
#ifdef CONFIG_JIT
/* A block the JIT cannot take runs in the interpreter. */
static const TierOps *const tiers_jit[] = { &tier_jit_ops, &tier_interp_ops, NULL };
const TierOps *const *exec_tiers = tiers_jit;
#else
const TierOps *const *exec_tiers = tiers_interp;
#endif
const TierOps *const *exec_tiers_oneshot = tiers_interp;

/* Every tier that may own code, for the calls that go to all of them. */
static const TierOps *const tiers_all[] = {
#ifdef CONFIG_JIT
    &tier_jit_ops,
#endif
    &tier_interp_ops, NULL
};

static bool tier_select(int level)
{
    if (level == 0) {
        exec_tiers = tiers_interp;
        return true;
    }
#ifdef CONFIG_JIT
    exec_tiers = tiers_jit;
    jit_enabled = true;
    return true;
#else
    return false;
#endif
}

const char *exec_tier_option(const char *opt)
{
    if (!strncmp(opt, "tier2-threshold=", 16))
        return tier2_set_threshold(opt + 16) ? NULL : "tier2-threshold: want a count >= 1";
    if (strncmp(opt, "tier=", 5))
        return TIER_OPT_OTHER;
    const char *v = opt + 5;
    int level;
    if (!strcmp(v, "interp") || !strcmp(v, "0"))
        level = 0;
    else if (!strcmp(v, "jit") || !strcmp(v, "1"))
        level = 1;
    else if (!strcmp(v, "2"))
        level = 2;
    else
        return "unknown tier (accepted: interp, jit, 0, 1, 2)";
    tier2_set_mode(level == 2 ? TIER2_FORCE : TIER2_OFF);
    return tier_select(level) ? NULL : "tier=jit is not available on this host";
}

void exec_tiers_init(const TargetOps *t)
{
    const char *v = getenv("TRIX_JIT");
    if (v && *v)
        tier_select(strcmp(v, "0") != 0);
    for (const TierOps *const *p = tiers_all; *p; p++)
        if ((*p)->init)
            (*p)->init(t);
    tier2_init(t);
}

bool exec_host_pc_to_state(uintptr_t host_pc, CPUState *cpu, void *ucontext)
{
    for (const TierOps *const *p = tiers_all; *p; p++)
        if ((*p)->host_pc_to_state && (*p)->host_pc_to_state(host_pc, cpu, ucontext))
            return true;
    return false;
}

void exec_tiers_stats(FILE *f)
{
    for (const TierOps *const *p = tiers_all; *p; p++)
        if ((*p)->stats)
            (*p)->stats(f);
    tier2_print_stats(f);
}
