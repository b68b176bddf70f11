/* The generic translator loop every frontend uses: page crossing, instruction limit, insn_start. */
/*
 * A frontend embeds DisasContextBase as the first member of its own context and fills in a
 * TranslatorOps; its TargetOps.translate calls translator_loop(). Per instruction the loop
 *   1. calls fetch_insn: read (and remember) the instruction at db->pc_next and set
 *      db->pc_next past it. Return false when it cannot be fetched: on the block's first
 *      instruction (db->num_insns == 0) raise the architected fetch fault instead (it does
 *      not return); later, the block simply ends before it;
 *   2. calls insn_start: emit ir_insn_start with the instruction's pc (and any extra restore
 *      data the frontend needs);
 *   3. calls translate_insn: emit the instruction's IR and set db->is_jmp when the block must
 *      end (DISAS_NORETURN: the exit is emitted; DISAS_STOP: end after it, falling through).
 * The block ends after max_insns instructions or when the next instruction starts on another
 * page; then tb_stop emits the fall-through exit to db->pc_next unless is_jmp is
 * DISAS_NORETURN. The loop sets tb->icount and tb->size.
 * Per-instruction hooks (breakpoints, single-step, icount, plugins) belong here, between the
 * steps above, so that every frontend gets them without copies.
 */
#ifndef TRIX_TRANSLATOR_H
#define TRIX_TRANSLATOR_H

#include "trix/exec.h"

typedef enum DisasJump {
    DISAS_NEXT,         /* fall through to the next instruction */
    DISAS_NORETURN,     /* the block's exit is already emitted (jump, exception) */
    DISAS_STOP,         /* end the block after this insn; tb_stop falls through to pc_next */
    DISAS_TOO_MANY,     /* set by the loop: limit, page end or unfetchable next insn */
} DisasJump;

typedef struct DisasContextBase {
    TranslationBlock *tb;
    CPUState *cpu;
    IRBlock *b;
    uint64_t pc_first;      /* the block's first instruction */
    uint64_t pc_cur;        /* the instruction being translated */
    uint64_t pc_next;       /* the following instruction (fetch_insn advances it) */
    int num_insns;          /* instructions translated before the current one */
    int max_insns;
    DisasJump is_jmp;
} DisasContextBase;

typedef struct TranslatorOps {
    void (*init_disas_context)(DisasContextBase *db, CPUState *cpu);    /* may be NULL */
    bool (*fetch_insn)(DisasContextBase *db, CPUState *cpu);
    void (*insn_start)(DisasContextBase *db, CPUState *cpu);
    void (*translate_insn)(DisasContextBase *db, CPUState *cpu);
    void (*tb_stop)(DisasContextBase *db, CPUState *cpu);
} TranslatorOps;

void translator_loop(const TranslatorOps *ops, DisasContextBase *db, CPUState *cpu,
                     IRBlock *b, TranslationBlock *tb);

#endif
