/* The generic translator loop (see include/trix/translator.h for the frontend contract). */
#include "trix/translator.h"
#include "trix/softmmu.h"
#include "trix/cpu_debug.h"

static bool translator_block_full(const DisasContextBase *db)
{
    return db->num_insns >= db->max_insns ||
           ((db->pc_next ^ db->pc_first) & TARGET_PAGE_MASK) != 0;
}

/* gdb: the single-step check at block entry; a breakpoint ends the block before its insn. */
static bool translator_debug_exit(DisasContextBase *db)
{
    if (db->num_insns == 0 && cpu_single_step_on())
        cpu_debug_gen_step_check(db->b, db->pc_cur);
    if (!cpu_breakpoint_at(db->pc_cur))
        return false;
    cpu_debug_gen_exit(db->b, db->pc_cur);
    db->is_jmp = DISAS_NORETURN;
    return true;
}

void translator_loop(const TranslatorOps *ops, DisasContextBase *db, CPUState *cpu,
                     IRBlock *b, TranslationBlock *tb)
{
    db->tb = tb;
    db->cpu = cpu;
    db->b = b;
    db->pc_first = db->pc_cur = db->pc_next = tb->pc;
    db->num_insns = 0;
    db->max_insns = tb->max_insns ? (int)tb->max_insns : 1;
    if (cpu_single_step_on())
        db->max_insns = 1;
    db->is_jmp = DISAS_NEXT;
    if (ops->init_disas_context)
        ops->init_disas_context(db, cpu);
    for (;;) {
        db->pc_cur = db->pc_next;
        if (!ops->fetch_insn(db, cpu)) {
            db->pc_next = db->pc_cur;           /* the block ends before it */
            db->is_jmp = DISAS_TOO_MANY;
            break;
        }
        ops->insn_start(db, cpu);
        if (translator_debug_exit(db))
            break;
        ops->translate_insn(db, cpu);
        db->num_insns++;
        if (db->is_jmp != DISAS_NEXT)
            break;
        if (translator_block_full(db)) {
            db->is_jmp = DISAS_TOO_MANY;
            break;
        }
    }
    ops->tb_stop(db, cpu);
    tb->icount = (uint32_t)db->num_insns;
    tb->size = (uint32_t)(db->pc_next - tb->pc);
}
