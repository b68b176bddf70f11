/* The execution loop: find or translate the next block, run it, chain, and unwind exceptions. */
/*
 * Exceptions unwind with siglongjmp to the one sigsetjmp point in cpu_exec(), from helpers, the
 * memory layer, or a host signal handler (user mode turns host SIGSEGV into guest faults). The
 * precise guest pc comes from the last insn_start the block executed (cpu->insn_pc), restored
 * into the target's pc by cpu_loop_exit_restore(). The setjmp saves the signal mask because
 * unwinding out of a signal handler must unblock the signal again.
 */
#include <fenv.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "trix/exec.h"
#include "trix/tier.h"
#include "trix/tier2.h"
#include "trix/softmmu.h"
#include "trix/exec_stats.h"
#include "trix/icount.h"
#include "trix/hw.h"
#include "trix/cpu_debug.h"

__thread CPUState *current_cpu;
static pthread_mutex_t exec_mutex = PTHREAD_MUTEX_INITIALIZER;
static const TargetOps *exec_target;
static IRBlock exec_irblock;            /* reused for every translation (under the lock) */

void tb_cache_register_cpu(CPUState *cpu);
void tb_cache_unregister_cpu(CPUState *cpu);
void tb_insert(TranslationBlock *tb);
void tb_link(TranslationBlock *src, int n, TranslationBlock *dst);
void tb_reclaim(void);

enum { TB_MAX_INSNS = 512 };

void exec_lock(void) { pthread_mutex_lock(&exec_mutex); }
void exec_unlock(void) { pthread_mutex_unlock(&exec_mutex); }

void exec_init(const TargetOps *t)
{
    exec_target = t;
    exec_stats_init();
    exec_tiers_init(t);
}

CPUState *cpu_create(const TargetOps *t)
{
    CPUState *cpu = trix_malloc0(t->cpu_size);
    cpu->target = t;
    cpu->exception_index = -1;
    cpu->icount_budget = ICOUNT_FREE_RUN;
    t->cpu_init(cpu);
    if (exec_softmmu)
        tlb_flush(cpu);
    exec_lock();
    tb_cache_register_cpu(cpu);
    exec_unlock();
    return cpu;
}

void cpu_free(CPUState *cpu)
{
    exec_lock();
    tb_cache_unregister_cpu(cpu);
    exec_unlock();
    free(cpu);
}

void (*cpu_exit_request_hook)(CPUState *cpu);

void cpu_exit_request(CPUState *cpu)
{
    cpu->exit_request = 1;
    if (unlikely(cpu_exit_request_hook))
        cpu_exit_request_hook(cpu);
}

void cpu_loop_exit(CPUState *cpu, int excp)
{
    cpu->exception_index = excp;
    siglongjmp(cpu->jmp_env, 1);
}

void cpu_loop_exit_restore(CPUState *cpu, int excp)
{
    cpu->target->set_pc(cpu, cpu->insn_pc);
    cpu_loop_exit(cpu, excp);
}

void cpu_mem_fault(CPUState *cpu, uint64_t addr, MMUAccessType type, MemFaultKind kind)
{
    cpu->target->mem_fault(cpu, addr, type, kind);
    log_mask(LOG_INT, "memory fault: addr %016llx type %d kind %d pc %016llx\n",
             (unsigned long long)addr, type, kind, (unsigned long long)cpu->insn_pc);
    cpu_loop_exit_restore(cpu, cpu->exception_index);
}

static void tb_log_in_asm(CPUState *cpu, const TranslationBlock *tb)
{
    log_printf("IN: \n");
    for (uint64_t pc = tb->pc; pc < tb->pc + tb->size;) {
        uint8_t code[16] = { 0 };
        char text[128];
        size_t avail = 0;
        while (avail < sizeof(code) && translator_fetch(cpu, pc + avail, code + avail, 2))
            avail += 2;
        int len = cpu->target->disas(text, sizeof(text), pc, code, avail);
        if (len <= 0)
            break;
        log_printf("0x%016llx:  %s\n", (unsigned long long)pc, text);
        pc += len;
    }
    log_printf("\n");
}

static void tb_log_ir(const char *title, const IRBlock *b)
{
    log_printf("%s:\n", title);
    ir_dump(b, trix_log_file ? trix_log_file : stderr);
    log_printf("\n");
}

/* ---- system mode: the instruction budget check in every block's prologue ---- */

/* Put "budget -= icount; if (budget < 0) exit_tb(TB_EXIT_ICOUNT)" in front of the block's
 * ops (built at the end, then rotated to the front: only now is the length known). The
 * check runs on every entry, chained or self-looping, in both tiers. */
static void tb_gen_icount_check(IRBlock *b, uint32_t icount)
{
    IRLabel out = ir_new_label(b);
    ir_set_label(b, out);
    ir_exit_tb(b, TB_EXIT_ICOUNT);
    int start = b->nops;
    IRTemp t = ir_new_temp(b, IR_I64);
    int32_t off = (int32_t)offsetof(CPUState, icount_budget);
    ir_ld_env(b, IR_I64, t, off, MO_64);
    ir_subi(b, IR_I64, t, t, icount);
    ir_brcondi(b, IR_I64, IR_COND_LT, t, 0, out);
    ir_st_env(b, IR_I64, t, off, MO_64);
    int n = b->nops - start;
    IROp head[8];
    ASSERT(n <= (int)ARRAY_SIZE(head));
    memcpy(head, b->ops + start, sizeof(IROp) * n);
    memmove(b->ops + n, b->ops, sizeof(IROp) * start);
    memcpy(b->ops, head, sizeof(IROp) * n);
}

/* Translate one block and compile it with the first of `tiers` that takes it; NULL when
 * none could. */
static TranslationBlock *tb_translate(CPUState *cpu, TranslationBlock *proto,
                                      const TierOps *const *tiers)
{
    IRBlock *b = &exec_irblock;
    if (!b->ops)
        ir_block_init(b, cpu->target->globals, cpu->target->nglobals);
    else
        ir_block_reset(b);
    b->pc = proto->pc;
    cpu->target->translate(cpu, b, proto);
    if (exec_softmmu)           /* system mode: instruction counts (-icount, timer.c) */
        tb_gen_icount_check(b, proto->icount);
    else if (unlikely(tier2_mode != TIER2_OFF) && tiers != exec_tiers_oneshot &&
             tier2_profiling())
        tier2_gen_profile(b, proto, cpu->target);
    if (log_enabled(LOG_IN_ASM))
        tb_log_in_asm(cpu, proto);
    if (log_enabled(LOG_OP))
        tb_log_ir("OP", b);
#ifdef CONFIG_DEBUG
    const char *err = ir_check(b);
    if (err)
        trix_fatal("internal error: invalid IR for block at %#llx: %s",
                   (unsigned long long)proto->pc, err);
#endif
    ir_optimize(b);
    if (log_enabled(LOG_OP_OPT))
        tb_log_ir("OP after optimization", b);
    TranslationBlock *tb = trix_malloc0(sizeof(*tb));
    *tb = *proto;
    for (; *tiers; tiers++) {
        if ((*tiers)->compile(b, tb)) {
            tb->tier = *tiers;
            return tb;
        }
    }
    free(tb);
    return NULL;
}

/* System mode: list the block under the physical pages of its code (for code-write checks). */
static bool tb_set_phys_pages(CPUState *cpu, TranslationBlock *tb)
{
    if (!softmmu_tb_pages(cpu, tb->pc, tb->size, &tb->phys_pc, tb->page_addr))
        return false;
    if (tb->page_addr[1] == tb->page_addr[0])   /* two virtual pages aliasing one frame */
        tb->page_addr[1] = (uint64_t)-1;
    return true;
}

static TranslationBlock *tb_gen_code(CPUState *cpu, uint64_t pc, uint64_t cs_base, uint32_t flags)
{
    TranslationBlock proto = { .pc = pc, .cs_base = cs_base, .flags = flags,
                               .max_insns = TB_MAX_INSNS };
    TranslationBlock *tb;
    fenv_t fenv;
    fegetenv(&fenv);            /* compiling leaves the host FP flags as they were: a guest
                                 * may own them (x86 MXCSR, target/x86_64/sse_fp_host.c) */
    uint64_t t0 = exec_stats_now();
    while (!(tb = tb_translate(cpu, &proto, exec_tiers))) {
        if (proto.max_insns == 1)
            trix_fatal("internal error: cannot compile the block at %#llx",
                       (unsigned long long)pc);
        proto.max_insns /= 2;
    }
    if (exec_softmmu && !tb_set_phys_pages(cpu, tb))
        trix_fatal("internal error: the code of the block at %#llx lost its mapping",
                   (unsigned long long)pc);
    exec_stats_block(tb->icount, t0);
    tb_insert(tb);
    fesetenv(&fenv);
    return tb;
}

static TranslationBlock *tb_find(CPUState *cpu)
{
    uint64_t pc, cs_base;
    uint32_t flags;
    cpu->target->get_tb_key(cpu, &pc, &cs_base, &flags);
    TranslationBlock *tb = tb_lookup(cpu, pc, cs_base, flags);
    if (!tb) {
        tb = tb_gen_code(cpu, pc, cs_base, flags);
        tb_lookup(cpu, pc, cs_base, flags);     /* fill the jump cache */
    }
    return tb;
}

/* System mode chains only within one virtual page (to blocks on one page): a link skips the
 * lookup that checks the destination's mapping, and a mapping change of the source's own page
 * ends at a block boundary anyway. */
static bool tb_may_link(const TranslationBlock *src, const TranslationBlock *dst)
{
    /* links stay within one tier; transitions between tiers go through this loop */
    if (src->tier != dst->tier)
        return false;
    return likely(!exec_softmmu) ||
           (((src->pc ^ dst->pc) & TARGET_PAGE_MASK) == 0 && dst->page_addr[1] == (uint64_t)-1);
}

/* ---- -icount: a budget smaller than the next block ---- */

static void cpu_log_exec(CPUState *cpu, const TranslationBlock *tb);
static __thread TranslationBlock *exec_oneshot;    /* being run; freed even on an unwind */

static void tb_free_oneshot(void)
{
    if (exec_oneshot) {
        exec_oneshot->tier->free(exec_oneshot);
        free(exec_oneshot);
        exec_oneshot = NULL;
    }
}

/* Run a block of exactly the remaining budget's length from the current pc (shorter if
 * the code ends sooner) in the one-shot tier (the interpreter), uncached, then leave to
 * the loop: its exits stop at the next block (an exit request), which may be another tier's. */
static void cpu_exec_budget_tail(CPUState *cpu, TranslationBlock *full)
{
    TranslationBlock proto = { .pc = full->pc, .cs_base = full->cs_base,
                               .flags = full->flags, .max_insns = (uint32_t)cpu->icount_budget };
    while (!(exec_oneshot = tb_translate(cpu, &proto, exec_tiers_oneshot)) &&
           proto.max_insns > 1)
        proto.max_insns /= 2;
    if (!exec_oneshot)
        trix_fatal("internal error: cannot compile the block at %#llx",
                   (unsigned long long)full->pc);
    exec_oneshot->page_addr[0] = exec_oneshot->page_addr[1] = (uint64_t)-1;
    if (unlikely(log_enabled(LOG_EXEC | LOG_CPU)))
        cpu_log_exec(cpu, exec_oneshot);
    cpu->exit_request = 1;
    exec_oneshot->tier->exec(cpu, exec_oneshot);
    tb_free_oneshot();
}

/* The prologue of tb refused to run it: its pc is not in the state yet. False when the
 * stint is over (budget 0), else the budget's worth of tb has run. */
static bool cpu_exec_budget_short(CPUState *cpu, TranslationBlock *tb)
{
    cpu->target->set_pc(cpu, tb->pc);
    if (cpu->icount_budget <= 0)
        return false;
    cpu_exec_budget_tail(cpu, tb);
    return true;
}

static void cpu_log_exec(CPUState *cpu, const TranslationBlock *tb)
{
    if (log_enabled(LOG_CPU))
        cpu->target->dump_state(cpu, trix_log_file ? trix_log_file : stderr);
    log_printf("Trace %d: [%016llx/%08x]\n", cpu->cpu_index, (unsigned long long)tb->pc,
               tb->flags);
}

int cpu_exec(CPUState *cpu)
{
    current_cpu = cpu;
    cpu->running = 1;
    if (sigsetjmp(cpu->jmp_env, 1) != 0) {
        tb_free_oneshot();
        int excp = cpu->exception_index;
        cpu->exception_index = -1;
        cpu->running = 0;
        return excp;
    }
    TranslationBlock *last = NULL;
    int last_code = TB_EXIT_NOCHAIN;
    for (;;) {
        if (cpu->exit_request) {
            cpu->exit_request = 0;
            cpu->running = 0;
            return EXCP_INTERRUPT;
        }
        if (unlikely(cpu->interrupt_request) && cpu->target->exec_interrupt &&
            !cpu_irq_wait(cpu) && !cpu_debug_irq_masked(cpu) &&
            cpu->target->exec_interrupt(cpu))
            last = NULL;
        TranslationBlock *tb = tb_find(cpu);
        if (last && last_code <= TB_EXIT_JUMP1 && !log_enabled(LOG_NOCHAIN) &&
            tb_may_link(last, tb))
            tb_link(last, last_code, tb);
        tb_reclaim();       /* after linking: `last` may be a zombie until here */
        if (unlikely(log_enabled(LOG_EXEC | LOG_CPU)))
            cpu_log_exec(cpu, tb);
        TBExit r = tb->tier->exec(cpu, tb);
        last = r.tb;
        last_code = r.code;
        if (unlikely(r.code == TB_EXIT_HOT)) {
            last = NULL;
            tier2_hot(cpu);
        } else if (unlikely(r.code == TB_EXIT_ICOUNT)) {
            last = NULL;
            if (!cpu_exec_budget_short(cpu, r.tb)) {
                cpu->running = 0;
                return EXCP_INTERRUPT;
            }
        }
    }
}
