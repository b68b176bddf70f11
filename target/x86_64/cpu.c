/* x86-64 CPU: state initialisation, IR globals, and the target hooks for the exec core. */
#include <stddef.h>
#include "trix/disas_capstone.h"
#include "target/x86_64/cpu.h"

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
                      X86_HF_OSFXSR;
    x86_set_eflags(env, X86_IF);
    env->mxcsr = 0x1f80;
    env->fcw = 0x37f;
}

static void x86_get_tb_key(CPUState *cs, uint64_t *pc, uint64_t *cs_base, uint32_t *flags)
{
    X86CPU *env = x86_cpu(cs);
    *pc = env->rip;
    *cs_base = 0;
    *flags = 0;
    if (x86_mxcsr_is_default(env->mxcsr)) {
        x86_mxcsr_own(env);
        *flags |= X86_TBF_MXCSR_DEFAULT;
    }
}

static void x86_set_pc(CPUState *cs, uint64_t pc) { x86_cpu(cs)->rip = pc; }
static uint64_t x86_get_pc(CPUState *cs) { return x86_cpu(cs)->rip; }

static void x86_mem_fault(CPUState *cs, uint64_t addr, MMUAccessType type, MemFaultKind kind)
{
    X86CPU *env = x86_cpu(cs);
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

const TargetOps x86_target_ops = {
    .name = "x86_64",
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
    .pc_offset = (int32_t)offsetof(X86CPU, rip),
};
