/* x86-64 model-specific and control registers: RDMSR/WRMSR, MOV CRn, EFER and long-mode
 * activation (SDM Vol. 3 9.8.5), with the architected #GP checks. */
#include "trix/common.h"
#include "target/x86_64/sys_internal.h"

#define CR4_KNOWN (X86_CR4_VME | X86_CR4_PVI | X86_CR4_TSD | X86_CR4_DE | X86_CR4_PSE | \
                   X86_CR4_PAE | X86_CR4_MCE | X86_CR4_PGE | X86_CR4_PCE | X86_CR4_OSFXSR | \
                   X86_CR4_OSXMMEXCPT | X86_CR4_UMIP | X86_CR4_LA57 | X86_CR4_FSGSBASE | \
                   X86_CR4_PCIDE | X86_CR4_OSXSAVE | X86_CR4_SMEP | X86_CR4_SMAP)

/* IA32_ARCH_CAPABILITIES: the emulated CPU has none of the speculation and microarchitectural
 * data-sampling problems (RDCL_NO, SKIP_L1DFL_VMENTRY, SSB_NO, MDS_NO, PSCHANGE_MC_NO, TAA_NO,
 * SBDR_SSDP_NO, FBSDP_NO, PSDP_NO, BHI_NO, GDS_NO, RFDS_NO), so guests skip the mitigations
 * (page-table isolation, VERW buffer clearing) that would only cost time here. */
#define X86_ARCH_CAP_NOT_AFFECTED ((1ull << 0) | (1ull << 3) | (1ull << 4) | (1ull << 5) | \
    (1ull << 6) | (1ull << 8) | (1ull << 13) | (1ull << 14) | (1ull << 15) | (1ull << 20) | \
    (1ull << 26) | (1ull << 27))

/* CR0/EFER changes that switch paging modes: LMA follows LME when paging turns on/off. */
static void update_lma(X86CPU *env)
{
    X86SysState *s = &env->sys;
    uint64_t old = s->efer;
    if ((s->cr0 & X86_CR0_PG) && (s->efer & X86_EFER_LME))
        s->efer |= X86_EFER_LMA;
    else
        s->efer &= ~X86_EFER_LMA;
    if (old != s->efer)
        x86_mmu_efer_changed(env, old);
}

static bool write_cr0(X86CPU *env, uint64_t v)
{
    X86SysState *s = &env->sys;
    if (v >> 32)
        return false;
    v |= X86_CR0_ET;
    if ((v & X86_CR0_PG) && !(v & X86_CR0_PE))
        return false;
    if ((v & X86_CR0_NW) && !(v & X86_CR0_CD))
        return false;
    bool pg_on = (v & X86_CR0_PG) && !(s->cr0 & X86_CR0_PG);
    bool pg_off = !(v & X86_CR0_PG) && (s->cr0 & X86_CR0_PG);
    if (pg_on && (s->efer & X86_EFER_LME) && !(s->cr4 & X86_CR4_PAE))
        return false;
    if (pg_on && (s->efer & X86_EFER_LME) && (s->seg[X86_SEG_CS].flags & X86_DESC_L))
        return false;
    if (pg_off && x86_code64(env))
        return false;
    uint64_t old = s->cr0;
    s->cr0 = v;
    update_lma(env);
    x86_mmu_cr0_changed(env, old);
    x86_update_hflags(env);
    return true;
}

static bool write_cr4(X86CPU *env, uint64_t v)
{
    X86SysState *s = &env->sys;
    if (v & ~CR4_KNOWN)
        return false;
    if (x86_lma(env) && !(v & X86_CR4_PAE))
        return false;
    if (x86_lma(env) && ((v ^ s->cr4) & X86_CR4_LA57))
        return false;
    if ((v & X86_CR4_PCIDE) && !(s->cr4 & X86_CR4_PCIDE) &&
        (!x86_lma(env) || (s->cr3 & 0xfff)))
        return false;
    uint64_t old = s->cr4;
    s->cr4 = v;
    x86_mmu_cr4_changed(env, old);
    x86_update_hflags(env);
    return true;
}

static bool write_cr3(X86CPU *env, uint64_t v)
{
    X86SysState *s = &env->sys;
    bool noflush = false;
    if (s->cr4 & X86_CR4_PCIDE) {
        noflush = v >> 63;
        v &= ~(1ull << 63);
    }
    if (x86_lma(env) && (v >> 52))
        return false;
    if (!x86_lma(env))
        v &= 0xffffffffull;
    uint64_t old = s->cr3;
    s->cr3 = v;
    x86_mmu_cr3_changed(env, old, noflush);
    return true;
}

bool x86_write_cr(X86CPU *env, int n, uint64_t v)
{
    log_mask(LOG_INT, "x86: mov cr%d, %#llx\n", n, (unsigned long long)v);
    switch (n) {
    case 0: return write_cr0(env, v);
    case 2: env->fault_addr = v; return true;
    case 3: return write_cr3(env, v);
    case 4: return write_cr4(env, v);
    case 8:
        if (v & ~0xfull)
            return false;
        if (env->sys.intc && env->sys.intc->set_tpr) {
            hw_lock();
            env->sys.intc->set_tpr(env->sys.intc_opaque, (uint8_t)v);
            hw_unlock();
        }
        return true;
    default: return false;
    }
}

uint64_t x86_read_cr(X86CPU *env, int n)
{
    const X86SysState *s = &env->sys;
    switch (n) {
    case 0: return s->cr0;
    case 2: return env->fault_addr;
    case 3: return s->cr3;
    case 4: return s->cr4;
    case 8: {
        uint8_t t = 0;
        if (s->intc && s->intc->get_tpr) {
            hw_lock();
            t = s->intc->get_tpr(s->intc_opaque);
            hw_unlock();
        }
        return t;
    }
    default: return 0;
    }
}

bool x86_write_efer(X86CPU *env, uint64_t v)
{
    X86SysState *s = &env->sys;
    uint64_t known = X86_EFER_SCE | X86_EFER_LME | X86_EFER_LMA | X86_EFER_NXE;
    if (v & ~known)
        return false;
    if ((s->cr0 & X86_CR0_PG) && ((v ^ s->efer) & X86_EFER_LME))
        return false;
    uint64_t old = s->efer;
    s->efer = (v & ~X86_EFER_LMA) | (s->efer & X86_EFER_LMA);
    x86_mmu_efer_changed(env, old);
    x86_update_hflags(env);
    return true;
}

/* The APIC's MSRs (APIC base, TSC deadline, x2APIC): through X86IntcOps. */
static bool msr_is_apic(uint32_t msr)
{
    return msr == 0x1b || msr == 0x6e0 || (msr >= 0x800 && msr <= 0x8ff);
}

static bool apic_msr(X86CPU *env, uint32_t msr, uint64_t *val, bool write)
{
    X86SysState *s = &env->sys;
    if (!s->intc) {
        if (msr != 0x1b)
            return false;
        if (write)
            s->apic_base = *val;
        else
            *val = s->apic_base;
        return true;
    }
    hw_lock();
    bool ok = write ? s->intc->wrmsr(s->intc_opaque, msr, *val)
                    : s->intc->rdmsr(s->intc_opaque, msr, val);
    hw_unlock();
    return ok;
}

bool x86_msr_read(X86CPU *env, uint32_t msr, uint64_t *val)
{
    X86SysState *s = &env->sys;
    if (msr_is_apic(msr))
        return apic_msr(env, msr, val, false);
    switch (msr) {
    case 0x10: *val = x86_cpu_tsc(env); return true;                /* IA32_TSC */
    case 0x17: *val = 0; return true;                              /* PLATFORM_ID */
    case 0x3a: *val = 1; return true;                              /* FEATURE_CONTROL: locked */
    case 0x3b: *val = s->tsc_adjust; return true;                  /* TSC_ADJUST */
    case 0x8b: *val = 0; return true;                              /* BIOS_SIGN_ID */
    case 0x10a: *val = X86_ARCH_CAP_NOT_AFFECTED; return true;     /* ARCH_CAPABILITIES */
    case 0xfe: *val = 0; return true;                              /* MTRRcap: none */
    case 0x174: *val = s->sysenter_cs; return true;
    case 0x175: *val = s->sysenter_esp; return true;
    case 0x176: *val = s->sysenter_eip; return true;
    case 0x179: *val = 0; return true;                             /* MCG_CAP */
    case 0x17a: *val = 0; return true;                             /* MCG_STATUS */
    case 0x1a0: *val = s->misc_enable; return true;
    case 0x277: *val = s->pat; return true;
    case 0x2ff: *val = 0; return true;                             /* MTRRdefType */
    case 0xc0000080: *val = s->efer; return true;
    case 0xc0000081: *val = s->star; return true;
    case 0xc0000082: *val = s->lstar; return true;
    case 0xc0000083: *val = s->cstar; return true;
    case 0xc0000084: *val = s->fmask; return true;
    case 0xc0000100: *val = env->fs_base; return true;
    case 0xc0000101: *val = env->gs_base; return true;
    case 0xc0000102: *val = s->kernel_gs_base; return true;
    case 0xc0000103: *val = s->tsc_aux; return true;
    default:
        /* SPEC_CTRL (0x48), PRED_CMD (0x49), ARCH_CAPABILITIES (0x10a)...: not present, as
         * CPUID says */
        log_mask(LOG_UNIMP, "x86: rdmsr %#x: not implemented (#GP)\n", msr);
        return false;
    }
}

bool x86_msr_write(X86CPU *env, uint32_t msr, uint64_t val)
{
    X86SysState *s = &env->sys;
    if (msr_is_apic(msr))
        return apic_msr(env, msr, &val, true);
    switch (msr) {
    case 0x10: s->tsc_offset = (int64_t)(val - (x86_cpu_tsc(env) - (uint64_t)s->tsc_offset));
        return true;
    case 0x3b: s->tsc_adjust = val; return true;
    case 0x8b: case 0x179: case 0x17a: return true;
    case 0x174: s->sysenter_cs = val & 0xffff; return true;
    case 0x175: s->sysenter_esp = val; return true;
    case 0x176: s->sysenter_eip = val; return true;
    case 0x1a0: s->misc_enable = val; return true;
    case 0x277: s->pat = val; return true;
    case 0x2ff: return true;
    case 0xc0000080: return x86_write_efer(env, val);
    case 0xc0000081: s->star = val; return true;
    case 0xc0000082: if (!x86_canonical(env, val)) return false; s->lstar = val; return true;
    case 0xc0000083: if (!x86_canonical(env, val)) return false; s->cstar = val; return true;
    case 0xc0000084: s->fmask = val & 0xffffffffull; return true;
    case 0xc0000100:
        if (!x86_canonical(env, val))
            return false;
        env->fs_base = s->seg[X86_SEG_FS].base = val;
        return true;
    case 0xc0000101:
        if (!x86_canonical(env, val))
            return false;
        env->gs_base = s->seg[X86_SEG_GS].base = val;
        return true;
    case 0xc0000102:
        if (!x86_canonical(env, val))
            return false;
        s->kernel_gs_base = val;
        return true;
    case 0xc0000103: s->tsc_aux = val & 0xffffffffull; return true;
    default:
        if (msr >= 0x200 && msr < 0x280)        /* variable/fixed MTRRs: accepted, ignored */
            return true;
        log_mask(LOG_UNIMP, "x86: wrmsr %#x <- %#llx: not implemented (#GP)\n", msr,
                 (unsigned long long)val);
        return false;
    }
}
