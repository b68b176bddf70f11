/* riscv64 CPU: state initialisation, IR globals, and the target hooks for the exec core. */
#include <stddef.h>
#include "cpu.h"

static IRGlobalDef rv_globals[RV_G_COUNT];

static void rv_globals_init(void)
{
    for (int i = 1; i < 32; i++)
        rv_globals[RV_G_GPR + i - 1] = (IRGlobalDef){ rv_gpr_names[i],
            (int32_t)offsetof(RVCPU, gpr[i]), IR_I64 };
    for (int i = 0; i < 32; i++)
        rv_globals[RV_G_FPR + i] = (IRGlobalDef){ rv_fpr_names[i],
            (int32_t)offsetof(RVCPU, fpr[i]), IR_I64 };
    rv_globals[RV_G_PC] = (IRGlobalDef){ "pc", (int32_t)offsetof(RVCPU, pc), IR_I64 };
    rv_globals[RV_G_LOAD_RES] = (IRGlobalDef){ "load_res", (int32_t)offsetof(RVCPU, load_res), IR_I64 };
    rv_globals[RV_G_LOAD_VAL] = (IRGlobalDef){ "load_val", (int32_t)offsetof(RVCPU, load_val), IR_I64 };
}

static void rv_cpu_init(CPUState *cs)
{
    RVCPU *env = rv_cpu(cs);
    if (!rv_globals[RV_G_PC].name)
        rv_globals_init();
    env->load_res = ~(uint64_t)0;
    env->ext = rv_ext_config;
    for (int i = 0; i < 32; i++)
        env->fpr[i] = ~(uint64_t)0;     /* NaN-boxed, as Linux leaves them */
    env->priv = RV_PRIV_U;
    env->mstatus = MSTATUS_FS;          /* user mode: FP always on (rv_cpu_reset_system resets) */
}

/* What translation assumes (see RV_TBF_*); always 0 in user mode. */
static uint32_t rv_tb_flags(RVCPU *env)
{
    if (!env->sys)
        return 0;
    uint32_t f = (uint32_t)env->priv;
    uint64_t fs = env->mstatus & MSTATUS_FS;
    if (fs == 0)
        f |= RV_TBF_FS_OFF;
    else if (fs != MSTATUS_FS)
        f |= RV_TBF_FS_CLEAN;
    return f | (uint32_t)rv_mmu_index(env, false) << RV_TBF_MMU_SHIFT;
}

static void rv_get_tb_key(CPUState *cs, uint64_t *pc, uint64_t *cs_base, uint32_t *flags)
{
    RVCPU *env = rv_cpu(cs);
    *pc = env->pc;
    *cs_base = 0;
    *flags = rv_tb_flags(env);
}

static void rv_set_pc(CPUState *cs, uint64_t pc) { rv_cpu(cs)->pc = pc; }
static uint64_t rv_get_pc(CPUState *cs) { return rv_cpu(cs)->pc; }

static void rv_mem_fault(CPUState *cs, uint64_t addr, MMUAccessType type, MemFaultKind kind)
{
    static const int causes[3][3] = {
        [FAULT_PAGE] = { RV_EXCP_LOAD_PAGE, RV_EXCP_STORE_PAGE, RV_EXCP_INST_PAGE },
        [FAULT_MISALIGNED] = { RV_EXCP_LOAD_MISALIGNED, RV_EXCP_STORE_MISALIGNED,
                               RV_EXCP_INST_MISALIGNED },
        [FAULT_ACCESS] = { RV_EXCP_LOAD_ACCESS, RV_EXCP_STORE_ACCESS, RV_EXCP_INST_ACCESS },
    };
    rv_cpu(cs)->badaddr = addr;
    cs->exception_index = causes[kind][type];
}

static void rv_dump_priv_state(RVCPU *env, FILE *f)
{
    static const char *const priv_names[4] = { "U", "S", "?", "M" };
    fprintf(f, " priv %s mstatus %016llx mip %016llx mie %016llx satp %016llx\n",
            priv_names[env->priv & 3], (unsigned long long)env->mstatus,
            (unsigned long long)rv_read_mip(env), (unsigned long long)env->mie,
            (unsigned long long)env->satp);
    fprintf(f, " mepc %016llx mcause %016llx mtval %016llx mtvec %016llx\n",
            (unsigned long long)env->mepc, (unsigned long long)env->mcause,
            (unsigned long long)env->mtval, (unsigned long long)env->mtvec);
    fprintf(f, " sepc %016llx scause %016llx stval %016llx stvec %016llx\n",
            (unsigned long long)env->sepc, (unsigned long long)env->scause,
            (unsigned long long)env->stval, (unsigned long long)env->stvec);
}

static void rv_dump_state(CPUState *cs, FILE *f)
{
    RVCPU *env = rv_cpu(cs);
    fprintf(f, " pc       %016llx\n", (unsigned long long)env->pc);
    for (int i = 0; i < 32; i++)
        fprintf(f, " x%-2d/%-4s %016llx%s", i, rv_gpr_names[i],
                (unsigned long long)env->gpr[i], (i % 4 == 3) ? "\n" : "");
    for (int i = 0; i < 32; i++)
        fprintf(f, " f%-2d/%-4s %016llx%s", i, rv_fpr_names[i],
                (unsigned long long)env->fpr[i], (i % 4 == 3) ? "\n" : "");
    fprintf(f, " frm %u fflags %02x\n", env->frm, env->fflags);
    if (env->sys)
        rv_dump_priv_state(env, f);
}

void rv_translate_block(CPUState *cs, IRBlock *b, TranslationBlock *tb);
bool rv_exec_interrupt(CPUState *cs);
bool rv_has_work(CPUState *cs);
void rv_do_exception_hook(CPUState *cs, int excp);

static int rv_mmu_index_hook(CPUState *cs, bool ifetch) { return rv_mmu_index(rv_cpu(cs), ifetch); }

/* -cpu: one model; max and any are its aliases (properties switch extensions: cpu_ext.c). */
static const TargetCpuModel rv_cpu_models[] = {
    { "rv64", "RV64GC: IMAFDC, Zicsr, Zifencei and the B extensions trix implements" },
    { "max", "alias of rv64: every extension trix implements" },
    { "any", "alias of rv64" },
    { NULL, NULL },
};

const TargetOps rv_target_ops = {
    .name = "riscv64",
    .cpu_models = rv_cpu_models,
    .cpu_set_prop = rv_cpu_set_prop,
    .cpu_props_check = rv_cpu_props_check,
    .cpu_props_list = rv_cpu_props_list,
    .cpu_size = sizeof(RVCPU),
    .globals = rv_globals,
    .nglobals = RV_G_COUNT,
    .cpu_init = rv_cpu_init,
    .get_tb_key = rv_get_tb_key,
    .translate = rv_translate_block,
    .set_pc = rv_set_pc,
    .get_pc = rv_get_pc,
    .mem_fault = rv_mem_fault,
    .disas = rv_disas,
    .dump_state = rv_dump_state,
    .tlb_fill = rv_tlb_fill,
    .debug_translate = rv_debug_translate,
    .exec_interrupt = rv_exec_interrupt,
    .has_work = rv_has_work,
    .do_exception = rv_do_exception_hook,
    .cpu_mmu_index = rv_mmu_index_hook,
    .pc_offset = (int32_t)offsetof(RVCPU, pc),
};
