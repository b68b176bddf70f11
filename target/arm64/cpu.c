/* arm64 CPU: state initialisation, IR globals, and the target hooks for the exec core. */
#include <stddef.h>
#include "cpu.h"
#include "trix/softmmu.h"

static IRGlobalDef a64_globals[A64_G_COUNT];
static char a64_xnames[31][4];

static void a64_globals_init(void)
{
    for (int i = 0; i < 31; i++) {
        snprintf(a64_xnames[i], sizeof(a64_xnames[i]), "x%d", i);
        a64_globals[A64_G_X + i] = (IRGlobalDef){ a64_xnames[i],
            (int32_t)offsetof(A64CPU, x[i]), IR_I64 };
    }
#define G(idx, nm, field) a64_globals[idx] = (IRGlobalDef){ nm, (int32_t)offsetof(A64CPU, field), IR_I64 }
    G(A64_G_SP, "sp", sp);
    G(A64_G_PC, "pc", pc);
    G(A64_G_NF, "nf", nf);
    G(A64_G_ZF, "zf", zf);
    G(A64_G_CF, "cf", cf);
    G(A64_G_VF, "vf", vf);
    G(A64_G_EXCL_ADDR, "excl_addr", excl_addr);
    G(A64_G_EXCL_VAL, "excl_val", excl_val);
#undef G
}

uint64_t a64_get_nzcv(const A64CPU *env)
{
    return (env->nf & 1) << 31 | (env->zf & 1) << 30 | (env->cf & 1) << 29 | (env->vf & 1) << 28;
}

void a64_set_nzcv(A64CPU *env, uint64_t v)
{
    env->nf = (v >> 31) & 1;
    env->zf = (v >> 30) & 1;
    env->cf = (v >> 29) & 1;
    env->vf = (v >> 28) & 1;
}

static void a64_cpu_init(CPUState *cs)
{
    A64CPU *env = a64_cpu(cs);
    if (!a64_globals[A64_G_PC].name)
        a64_globals_init();
    env->excl_addr = ~(uint64_t)0;
    if (exec_softmmu)
        a64_cpu_init_sys(env);
}

static void a64_get_tb_key(CPUState *cs, uint64_t *pc, uint64_t *cs_base, uint32_t *flags)
{
    *pc = a64_cpu(cs)->pc;
    *cs_base = 0;
    *flags = a64_cpu(cs)->sys.on ? a64_tb_flags(a64_cpu(cs)) : 0;
}

static void a64_set_pc(CPUState *cs, uint64_t pc) { a64_cpu(cs)->pc = pc; }
static uint64_t a64_get_pc(CPUState *cs) { return a64_cpu(cs)->pc; }

static void a64_mem_fault(CPUState *cs, uint64_t addr, MMUAccessType type, MemFaultKind kind)
{
    a64_cpu(cs)->fault_addr = addr;
    if (a64_cpu(cs)->sys.on) {
        a64_sys_mem_fault(a64_cpu(cs), addr, type, kind);
        return;
    }
    if (kind == FAULT_MISALIGNED)
        cs->exception_index = A64_EXCP_ALIGN;
    else
        cs->exception_index = type == MMU_INST_FETCH ? A64_EXCP_PABORT : A64_EXCP_DABORT;
}

static void a64_dump_state(CPUState *cs, FILE *f)
{
    A64CPU *env = a64_cpu(cs);
    fprintf(f, " pc  %016llx  nzcv %c%c%c%c\n", (unsigned long long)env->pc,
            env->nf ? 'N' : '-', env->zf ? 'Z' : '-', env->cf ? 'C' : '-', env->vf ? 'V' : '-');
    for (int i = 0; i < 31; i++)
        fprintf(f, " x%-2d %016llx%s", i, (unsigned long long)env->x[i], (i % 4 == 3) ? "\n" : "");
    fprintf(f, " sp  %016llx\n", (unsigned long long)env->sp);
    fprintf(f, " fpcr %08x fpsr %08x\n", env->fpcr, env->fpsr);
    if (env->sys.on)
        a64_dump_sys_state(env, f);
}

void a64_translate_block(CPUState *cs, IRBlock *b, TranslationBlock *tb);
static int a64_mmu_index_hook(CPUState *cs, bool ifetch)
{
    return a64_mmu_index(a64_cpu(cs), ifetch);
}

const TargetOps a64_target_ops = {
    .name = "aarch64",
    .cpu_models = a64_cpu_models,
    .cpu_size = sizeof(A64CPU),
    .globals = a64_globals,
    .nglobals = A64_G_COUNT,
    .cpu_init = a64_cpu_init,
    .get_tb_key = a64_get_tb_key,
    .translate = a64_translate_block,
    .set_pc = a64_set_pc,
    .get_pc = a64_get_pc,
    .mem_fault = a64_mem_fault,
    .disas = a64_disas,
    .dump_state = a64_dump_state,
    .tlb_fill = a64_tlb_fill,
    .debug_translate = a64_debug_translate,
    .exec_interrupt = a64_exec_interrupt,
    .has_work = a64_has_work,
    .do_exception = a64_do_exception,
    .cpu_mmu_index = a64_mmu_index_hook,
    .pc_offset = (int32_t)offsetof(A64CPU, pc),
};
