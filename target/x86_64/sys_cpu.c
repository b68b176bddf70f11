/* x86-64 system mode: the interrupt inputs, configuration and boot state of x86_sys.h. */
#include <string.h>
#include "trix/machine.h"
#include "target/x86_64/sys_internal.h"

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
    x86_cpu_reset_sys(env);
}

void x86_cpu_set_boot(X86CPU *env, const X86BootState *bs)
{
    if (!env->sys.boot)
        env->sys.boot = trix_malloc0(sizeof(*bs));
    memcpy(env->sys.boot, bs, sizeof(*bs));
    x86_cpu_reset_sys(env);
}

/* ---- reset and boot state ---- */

#define SEG_CODE16 0x9bu        /* present, code, readable, accessed */
#define SEG_DATA16 0x93u        /* present, data, writable, accessed */
#define SEG_CODE32 0xc09bu      /* + G, D */
#define SEG_CODE64 0xa09bu      /* + G, L */
#define SEG_DATA32 0xc093u

/* The architected reset state (SDM Vol. 3 Table 9-1), or the loader's boot state. */
int x86_cpu_model_index(void);

void x86_cpu_reset_sys(X86CPU *env)
{
    X86SysState *s = &env->sys;
    const X86BootState *bs = s->boot;
    s->cpuid_model = x86_cpu_model_index();
    memset(env->regs, 0, sizeof env->regs);
    env->fs_base = env->gs_base = 0;
    env->fault_addr = 0;
    env->error_code = 0;
    x86_set_eflags(env, 0);
    env->mxcsr = 0x1f80;
    env->fcw = 0x37f;
    env->fsw = 0;
    env->ftw = 0;
    memset(env->xmm, 0, sizeof env->xmm);
    memset(env->ymmh, 0, sizeof env->ymmh);
    s->hflags = 0;
    s->cr0 = 0x60000010;
    s->cr3 = s->cr4 = s->efer = 0;
    s->xcr0 = 1;
    memset(s->dr, 0, sizeof s->dr);
    s->dr[6] = 0xffff0ff0;
    s->dr[7] = 0x400;
    s->kernel_gs_base = s->star = s->lstar = s->cstar = s->fmask = 0;
    s->sysenter_cs = s->sysenter_esp = s->sysenter_eip = 0;
    s->pat = 0x0007040600070406ull;
    s->tsc_aux = 0;
    s->misc_enable = 1;
    s->apic_base = 0xfee00800ull | (s->bsp ? 0x100 : 0);
    s->pending &= X86_PEND_INTR;
    s->wait_sipi = false;
    s->nmi_blocked = false;
    s->gdt_base = s->idt_base = 0;
    s->gdt_limit = s->idt_limit = 0xffff;
    for (int i = 0; i < X86_SEG_COUNT; i++)
        x86_seg_set(env, i, 0, 0, 0xffff, SEG_DATA16);
    x86_seg_set(env, X86_SEG_LDTR, 0, 0, 0xffff, 0x82);
    x86_seg_set(env, X86_SEG_TR, 0, 0, 0xffff, 0x8b);
    env->cs.halted = false;
    if (!bs || bs->mode == X86_BOOT_RESET) {
        x86_seg_set(env, X86_SEG_CS, 0xf000, 0xffff0000ull, 0xffff, SEG_CODE16);
        env->rip = bs && bs->mode == X86_BOOT_RESET && bs->rip ? bs->rip : 0xfff0;
        env->regs[X86_RDX] = 0x600;
    } else {
        memcpy(env->regs, bs->regs, sizeof env->regs);
        s->gdt_base = bs->gdt_base;
        s->gdt_limit = bs->gdt_limit;
        s->idt_limit = 0;
        s->cr0 = 0x11;                                 /* PE, ET */
        if (bs->mode == X86_BOOT_LONG64) {
            s->cr0 |= 0x80000020ull;                   /* PG, NE */
            s->cr4 = 0x20;                             /* PAE */
            s->cr3 = bs->cr3;
            s->efer = 0x500;                           /* LME, LMA */
        }
        for (int i = 0; i < X86_SEG_LDTR; i++)
            if (i != X86_SEG_CS)
                x86_seg_set(env, i, bs->ds_sel, 0, 0xffffffff, SEG_DATA32);
        x86_seg_set(env, X86_SEG_CS, bs->cs_sel, 0, 0xffffffff,
                    bs->mode == X86_BOOT_LONG64 ? SEG_CODE64 : SEG_CODE32);
        env->rip = bs->rip;
    }
    x86_update_hflags(env);
    if (bs && bs->wait_sipi) {
        s->wait_sipi = true;
        env->cs.halted = true;
    }
    if (exec_softmmu)
        x86_mmu_reset(env);
}

uint32_t x86_tb_flags(X86CPU *env)
{
    return (env->sys.hflags & 0xffff) | (uint32_t)x86_cpu_mmu_index(&env->cs, false) << 16;
}

void x86_sys_set_eflags(X86CPU *env, uint64_t v)
{
    x86_set_eflags(env, (v & 0x3f7fd7) | 2);
    x86_update_hflags(env);
}

void x86_dump_sys_state(X86CPU *env, FILE *f)
{
    static const char *const names[X86_SEG_COUNT] = { "es", "cs", "ss", "ds", "fs", "gs",
                                                     "ldt", "tr" };
    const X86SysState *s = &env->sys;
    for (int i = 0; i < X86_SEG_COUNT; i++) {
        const X86Seg *sg = &s->seg[i];
        uint64_t base = i == X86_SEG_FS ? env->fs_base : i == X86_SEG_GS ? env->gs_base : sg->base;
        fprintf(f, " %-3s %04x %016llx %08x %04x%s", names[i], sg->sel,
                (unsigned long long)base, sg->limit, sg->flags, (i & 1) ? "\n" : " ");
    }
    fprintf(f, " gdt %016llx %05x  idt %016llx %05x\n", (unsigned long long)s->gdt_base,
            s->gdt_limit, (unsigned long long)s->idt_base, s->idt_limit);
    fprintf(f, " cr0 %08llx cr2 %016llx cr3 %016llx cr4 %08llx\n",
            (unsigned long long)s->cr0, (unsigned long long)env->fault_addr,
            (unsigned long long)s->cr3, (unsigned long long)s->cr4);
    fprintf(f, " efer %llx cpl %d hflags %05x kernel_gs_base %016llx\n",
            (unsigned long long)s->efer, s->hflags & 3, s->hflags,
            (unsigned long long)s->kernel_gs_base);
}
