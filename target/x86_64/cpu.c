/* x86-64 CPU: state initialisation, IR globals, and the target hooks for the exec core. */
#include <stddef.h>
#include "trix/disas_capstone.h"
#include "target/x86_64/sys_internal.h"
#include "target/x86_64/cpu.h"
#include "target/x86_64/xsave.h"

static IRGlobalDef x86_globals[X86_G_COUNT];
static const char *const x86_reg_names[16] = {
    "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
    "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

static void x86_globals_init(void)
{
    for (int i = 0; i < 16; i++)
        x86_globals[X86_G_REG + i] = (IRGlobalDef){ x86_reg_names[i],
            (int32_t)offsetof(X86CPU, regs[i]), IR_I64 };
#define G(idx, nm, field) x86_globals[idx] = (IRGlobalDef){ nm, (int32_t)offsetof(X86CPU, field), IR_I64 }
    G(X86_G_RIP, "rip", rip);
    G(X86_G_CC_OP, "cc_op", cc_op);
    G(X86_G_CC_DST, "cc_dst", cc_dst);
    G(X86_G_CC_SRC, "cc_src", cc_src);
    G(X86_G_CC_SRC2, "cc_src2", cc_src2);
    G(X86_G_DF, "df", df);
    G(X86_G_FS_BASE, "fs_base", fs_base);
    G(X86_G_GS_BASE, "gs_base", gs_base);
#undef G
}

static void x86_cpu_init(CPUState *cs)
{
    X86CPU *env = x86_cpu(cs);
    if (!x86_globals[X86_G_RIP].name)
        x86_globals_init();
    env->sys.hflags = 3 | X86_HF_CS64 | X86_HF_SS32 | X86_HF_PE | X86_HF_LMA | X86_HF_PG |
                      X86_HF_OSFXSR | X86_HF_OSXSAVE | X86_HF_FSGSBASE;
    env->sys.xcr0 = X86_XCR0_USER;      /* user mode: as the kernel sets it */
    x86_set_eflags(env, X86_IF);
    env->mxcsr = 0x1f80;
    env->fcw = 0x37f;
    if (exec_softmmu)
        x86_cpu_reset_sys(env);
}

/* System mode: the pc of the generic code is linear (CS.base + EIP); docs/x86_64-system.md. */
static uint64_t x86_linear_pc(const X86CPU *env)
{
    uint64_t pc = env->sys.seg[X86_SEG_CS].base + env->rip;
    return (env->sys.hflags & X86_HF_CS64) ? pc : pc & 0xffffffffull;
}

static void x86_get_tb_key(CPUState *cs, uint64_t *pc, uint64_t *cs_base, uint32_t *flags)
{
    X86CPU *env = x86_cpu(cs);
    if (!exec_softmmu) {
        *pc = env->rip;
        *cs_base = 0;
        *flags = 0;
        /* user mode: SSE arithmetic on the host unit while MXCSR is the default */
        if (x86_mxcsr_is_default(env->mxcsr)) {
            x86_mxcsr_own(env);
            *flags |= X86_TBF_MXCSR_DEFAULT;
        }
        return;
    }
    *pc = x86_linear_pc(env);
    *cs_base = env->sys.seg[X86_SEG_CS].base;
    *flags = x86_tb_flags(env);
}

static void x86_set_pc(CPUState *cs, uint64_t pc)
{
    X86CPU *env = x86_cpu(cs);
    if (!exec_softmmu) {
        env->rip = pc;
        return;
    }
    uint64_t eip = pc - env->sys.seg[X86_SEG_CS].base;
    env->rip = (env->sys.hflags & X86_HF_CS64) ? eip : eip & 0xffffffffull;
}

static uint64_t x86_get_pc(CPUState *cs)
{
    return exec_softmmu ? x86_linear_pc(x86_cpu(cs)) : x86_cpu(cs)->rip;
}

/* System mode: a fetch fault found by the translator (the walk says which), an access to
 * no memory, a misaligned SSE access (#GP(0)). */
static void x86_sys_mem_fault(CPUState *cs, uint64_t addr, MMUAccessType type, MemFaultKind kind)
{
    X86CPU *env = x86_cpu(cs);
    uint64_t pa;
    int prot;
    X86Fault f = { X86_EXCP_GP, 0 };
    if (kind == FAULT_PAGE) {
        int idx = x86_cpu_mmu_index(cs, type == MMU_INST_FETCH);
        idx %= X86_MMU_COUNT;
        if (x86_mmu_translate(env, addr, type, idx == X86_MMU_USER, idx == X86_MMU_KSMAP, true,
                              &pa, &prot, &f))
            f = (X86Fault){ X86_EXCP_GP, 0 };    /* mapped, but not RAM: no code there */
    } else if (kind == FAULT_ACCESS) {
        log_mask(LOG_GUEST_ERROR, "x86: access to no memory at %#llx: #GP\n",
                 (unsigned long long)addr);
    }
    env->error_code = f.err;
    cs->exception_index = f.vec;
}

static void x86_mem_fault(CPUState *cs, uint64_t addr, MMUAccessType type, MemFaultKind kind)
{
    X86CPU *env = x86_cpu(cs);
    if (exec_softmmu) {
        x86_sys_mem_fault(cs, addr, type, kind);
        return;
    }
    env->fault_addr = addr;
    env->error_code = 4 | (type == MMU_DATA_STORE ? 2 : 0) | (type == MMU_INST_FETCH ? 16 : 0);
    cs->exception_index = kind == FAULT_MISALIGNED ? X86_EXCP_GP : X86_EXCP_PF;
}

static void x86_dump_state(CPUState *cs, FILE *f)
{
    X86CPU *env = x86_cpu(cs);
    uint64_t fl = x86_get_eflags(env);
    for (int i = 0; i < 16; i++)
        fprintf(f, " %-3s %016llx%s", x86_reg_names[i], (unsigned long long)env->regs[i],
                (i % 4 == 3) ? "\n" : "");
    fprintf(f, " rip %016llx  rflags %08llx [%c%c%c%c%c%c]\n", (unsigned long long)env->rip,
            (unsigned long long)fl, fl & X86_OF ? 'O' : '-', fl & X86_SF ? 'S' : '-',
            fl & X86_ZF ? 'Z' : '-', fl & X86_AF ? 'A' : '-', fl & X86_PF ? 'P' : '-',
            fl & X86_CF ? 'C' : '-');
    if (exec_softmmu) {
        x86_dump_sys_state(env, f);
        return;
    }
    fprintf(f, " fs_base %016llx gs_base %016llx\n", (unsigned long long)env->fs_base,
            (unsigned long long)env->gs_base);
}

int x86_disas(char *buf, size_t len, uint64_t pc, const uint8_t *code, size_t avail)
{
    int n = disas_capstone(DISAS_CS_X86_64, buf, len, pc, code, avail);
    if (n)
        return n;
    snprintf(buf, len, ".byte 0x%02x", avail ? code[0] : 0);
    return avail ? 1 : 0;
}

void x86_translate_block(CPUState *cs, IRBlock *b, TranslationBlock *tb);

extern const TargetCpuModel x86_cpu_models[];

const TargetOps x86_target_ops = {
    .name = "x86_64",
    .cpu_models = x86_cpu_models,
    .cpu_size = sizeof(X86CPU),
    .globals = x86_globals,
    .nglobals = X86_G_COUNT,
    .cpu_init = x86_cpu_init,
    .get_tb_key = x86_get_tb_key,
    .translate = x86_translate_block,
    .set_pc = x86_set_pc,
    .get_pc = x86_get_pc,
    .mem_fault = x86_mem_fault,
    .disas = x86_disas,
    .dump_state = x86_dump_state,
    .tlb_fill = x86_tlb_fill,
    .exec_interrupt = x86_exec_interrupt,
    .has_work = x86_has_work,
    .do_exception = x86_do_exception,
    .debug_translate = x86_debug_translate,
    .cpu_mmu_index = x86_cpu_mmu_index,
    .pc_offset = (int32_t)offsetof(X86CPU, rip),
    .unmapped_reads_ones = true,
};
