/* Tier 2: profile tier-1 blocks (decayed counters) and recompile hot ones as multi-block regions. */
/*
 * Profiling. With tier 2 on (user mode), tier-1 code counts loop heads: before each back
 * edge (a goto_tb exit to a pc not after its block) it counts the destination down in the
 * CPU's slot for that pc (CPUState.tier2_count), exiting with TB_EXIT_HOT and the pc set to
 * the head below zero, once per `window` executions (tier=2 counts every block at its entry
 * instead). Each such exit is a tick of a global clock; the head's heat (executions as of its
 * last tick) halves for every TIER2_HALF_LIFE ticks that passed since, then grows by a
 * window: an exponentially weighted count, so code that was hot long ago (during start-up)
 * and is cold now does not reach the threshold.
 *
 * Regions. A block whose heat reaches the threshold becomes the head of a region: its IR,
 * then the IR of each hot successor (goto_tb exits whose destination is a tier-1 block at
 * least half as hot), translated again one after the other into one IR block. Exits to a
 * block of the region become branches to its label; exits back to the head become one
 * goto_tb 0 (the JIT self-links it as a loop, with the guest registers kept in host
 * registers across iterations and across the blocks); the first other exit keeps goto_tb 1
 * (chained like any block exit), the rest continue through the jump cache
 * (lookup_and_goto). The whole region is optimized and compiled by the first tier (the JIT)
 * as one block, and replaces the head block in the translation cache: predecessors link
 * to it the next time they exit. Compilation is synchronous, under the exec lock.
 *
 * Invalidation. The region's phys_pc and size span all of its blocks' code (at most two
 * pages), so the translation cache discards it for any write, munmap or mprotect that
 * touches that span, as it discards blocks.
 */
#include <fenv.h>
#include <stdlib.h>
#include <string.h>
#include "trix/tier.h"
#include "trix/tier2.h"
#include "trix/exec_stats.h"
#include "trix/softmmu.h"

enum {
    TIER2_MAX_BLOCKS = 16,
    TIER2_MAX_INSNS = 1024,
    TIER2_HALF_LIFE = 64,           /* ticks */
    TIER2_DEFAULT_THRESHOLD = 8192,
};

Tier2Mode tier2_mode = TIER2_OFF;
static uint32_t tier2_threshold = TIER2_DEFAULT_THRESHOLD;
static uint32_t tier2_window = TIER2_DEFAULT_THRESHOLD / 8;
static bool tier2_target_ok;
static uint32_t tier2_tick;
static IRBlock tier2_ir;
static struct {
    uint64_t regions, blocks, insns, failed, invalidated, ns;
} tier2_stats;

bool tier2_set_threshold(const char *v)
{
    char *end;
    unsigned long n = strtoul(v, &end, 0);
    if (end == v || *end || n < 1 || n > (1ul << 30))
        return false;
    tier2_threshold = (uint32_t)n;
    if (tier2_mode == TIER2_OFF)
        tier2_set_mode(TIER2_ON);
    else
        tier2_set_mode(tier2_mode);
    return true;
}

void tier2_set_mode(Tier2Mode m)
{
    tier2_mode = m;
    if (m == TIER2_FORCE) {
        tier2_threshold = 2;
        tier2_window = 1;
    } else {
        tier2_window = tier2_threshold / 8 ? tier2_threshold / 8 : 1;
    }
}

bool tier2_profiling(void)
{
    return tier2_target_ok && !exec_softmmu && exec_tiers[0]->link;
}

void tier2_print_stats(FILE *f)
{
    if (tier2_mode == TIER2_OFF && !tier2_stats.regions && !tier2_stats.failed)
        return;
    fprintf(f, "trix-tier2: regions %llu blocks %llu insns %llu failed %llu "
            "compile_us %llu\n", (unsigned long long)tier2_stats.regions,
            (unsigned long long)tier2_stats.blocks, (unsigned long long)tier2_stats.insns,
            (unsigned long long)tier2_stats.failed, (unsigned long long)(tier2_stats.ns / 1000));
}

void tier2_init(const TargetOps *t)
{
    tier2_target_ok = t->pc_offset > 0;
}

static inline unsigned tier2_slot(uint64_t pc)
{
    return tb_jmp_cache_idx(pc) & (TIER2_COUNT_SIZE - 1);
}

int32_t tier2_count_offset(uint64_t pc)
{
    return (int32_t)(offsetof(CPUState, tier2_count) + sizeof(int64_t) * tier2_slot(pc));
}

/* ---- region formation ---- */

typedef struct Tier2Region {
    int n;
    uint64_t pc[TIER2_MAX_BLOCKS];
    IRLabel label[TIER2_MAX_BLOCKS];
    uint64_t lo, hi;                /* guest code span */
    uint32_t icount;
} Tier2Region;

static int region_find(const Tier2Region *r, uint64_t pc)
{
    for (int i = 0; i < r->n; i++)
        if (r->pc[i] == pc)
            return i;
    return -1;
}

/* Is the exit at op i "goto_tb n; mov pc, $dest; exit_tb n"? */
static bool region_exit_at(const IRBlock *b, int i, int32_t pc_off, uint64_t *dest)
{
    if (i + 2 >= b->nops || b->ops[i].opc != IR_goto_tb)
        return false;
    const IROp *mv = &b->ops[i + 1], *ex = &b->ops[i + 2];
    if (mv->opc != IR_mov || ex->opc != IR_exit_tb ||
        ex->args[0] != TB_EXIT_JUMP0 + (b->ops[i].args[0] & 1))
        return false;
    const IRTempInfo *d = &b->temps[mv->args[0]], *s = &b->temps[mv->args[1]];
    if (d->kind != IR_TEMP_GLOBAL || d->env_off != pc_off || s->kind != IR_TEMP_CONST)
        return false;
    *dest = s->val;
    return true;
}

/* A successor worth taking into the region: a tier-1 block that has run (it is cached), not
 * a loop head gone cold (only loop heads are counted), near the rest. */
static TranslationBlock *region_successor(CPUState *cpu, const TranslationBlock *head,
                                          const Tier2Region *r, uint64_t pc, int max_blocks)
{
    if (r->n >= max_blocks || region_find(r, pc) >= 0)
        return NULL;
    TranslationBlock *tb = tb_lookup(cpu, pc, head->cs_base, head->flags);
    if (!tb || tb->region || !tb->size || r->icount + tb->icount > TIER2_MAX_INSNS)
        return NULL;
    if (tier2_mode != TIER2_FORCE && tb->heat && tb->heat < head->heat / 2)
        return NULL;
    uint64_t lo = pc < r->lo ? pc : r->lo, hi = pc + tb->size > r->hi ? pc + tb->size : r->hi;
    if (((hi - 1) >> 12) - (lo >> 12) > 1)      /* at most two pages (tb_insert) */
        return NULL;
    return tb;
}

/* Translate the region's blocks into b, each behind its label, choosing successors as it
 * goes (breadth first). False when a translation did not end where the cached block did. */
static bool region_translate(CPUState *cpu, TranslationBlock *head, Tier2Region *r, IRBlock *b,
                             int max_blocks)
{
    int32_t pc_off = cpu->target->pc_offset;
    uint32_t max_insns[TIER2_MAX_BLOCKS], size[TIER2_MAX_BLOCKS];
    r->n = 1;
    r->pc[0] = head->pc;
    max_insns[0] = head->max_insns;
    size[0] = head->size;
    r->lo = head->pc;
    r->hi = head->pc + head->size;
    r->icount = head->icount;
    for (int k = 0; k < r->n; k++) {
        r->label[k] = ir_new_label(b);
        ir_set_label(b, r->label[k]);
        TranslationBlock proto = { .pc = r->pc[k], .cs_base = head->cs_base,
                                   .flags = head->flags, .max_insns = max_insns[k] };
        int start = b->nops;
        cpu->target->translate(cpu, b, &proto);
        if (proto.size != size[k])     /* the span must cover what was translated */
            return false;
        for (int i = start; i < b->nops; i++) {
            uint64_t dest;
            if (!region_exit_at(b, i, pc_off, &dest))
                continue;
            TranslationBlock *s = region_successor(cpu, head, r, dest, max_blocks);
            if (!s)
                continue;
            max_insns[r->n] = s->max_insns;
            size[r->n] = s->size;
            r->pc[r->n++] = dest;
            r->lo = dest < r->lo ? dest : r->lo;
            r->hi = dest + s->size > r->hi ? dest + s->size : r->hi;
            r->icount += s->icount;
        }
    }
    return true;
}

/* Rewrite the exits (see the top of the file); false when some goto_tb is not the usual
 * exit, whose slot would clash with the region's own. */
static bool region_rewrite_exits(CPUState *cpu, const Tier2Region *r, IRBlock *b)
{
    int32_t pc_off = cpu->target->pc_offset;
    int n = b->nops;
    IROp *src = trix_malloc0(sizeof(IROp) * (size_t)n);
    memcpy(src, b->ops, sizeof(IROp) * (size_t)n);
    IRBlock view = *b;
    view.ops = src;
    b->nops = 0;
    IRLabel back = ir_new_label(b);
    IRTemp pc = IR_NO_TEMP;
    bool has_side = false, ok = true;
    for (int i = 0; i < n; i++) {
        uint64_t dest;
        if (src[i].opc != IR_goto_tb) {
            *ir_emit(b, (IROpcode)src[i].opc, (IRType)src[i].type) = src[i];
            continue;
        }
        if (!region_exit_at(&view, i, pc_off, &dest)) {
            ok = false;
            break;
        }
        int k = region_find(r, dest);
        IRTemp t = src[i + 1].args[0];
        if (k == 0) {
            ir_br(b, back);
            pc = t;
        } else if (k > 0) {
            ir_br(b, r->label[k]);
        } else if (!has_side) {
            ir_goto_tb(b, 1);
            ir_movi(b, IR_I64, t, dest);
            ir_exit_tb(b, TB_EXIT_JUMP1);
            has_side = true;
        } else {
            ir_movi(b, IR_I64, t, dest);
            ir_lookup_and_goto(b);
        }
        i += 2;
    }
    if (ok && pc != IR_NO_TEMP) {       /* the loop back to the head */
        ir_set_label(b, back);
        ir_goto_tb(b, 0);
        ir_movi(b, IR_I64, pc, r->pc[0]);
        ir_exit_tb(b, TB_EXIT_JUMP0);
    }
    free(src);
    return ok;
}

/* Branches to a label that only branches on go straight to its target, so that the loop
 * back's branch is the one next to the JIT's self-loop slot (which it can link directly). */
static void region_thread_branches(IRBlock *b)
{
    IRLabel *fwd = trix_malloc0(sizeof(IRLabel) * (size_t)(b->nlabels + 1));
    for (int l = 0; l <= b->nlabels; l++)
        fwd[l] = (IRLabel)l;
    for (int i = 0; i + 1 < b->nops; i++)
        if (b->ops[i].opc == IR_set_label && b->ops[i + 1].opc == IR_br)
            fwd[b->ops[i].args[0]] = b->ops[i + 1].args[0];
    for (int i = 0; i < b->nops; i++) {
        IROp *op = &b->ops[i];
        int k = op->opc == IR_br ? 0 : op->opc == IR_brcond ? 3 : -1;
        if (k < 0)
            continue;
        IRLabel l = op->args[k];
        for (int hops = 0; hops < 8 && fwd[l] != l; hops++)
            l = fwd[l];
        op->args[k] = l;
    }
    free(fwd);
}

/* The region headed by `head` (at most max_blocks), compiled by the first tier; NULL when
 * that failed. */
static TranslationBlock *region_compile(CPUState *cpu, TranslationBlock *head, int max_blocks)
{
    IRBlock *b = &tier2_ir;
    if (!b->ops)
        ir_block_init(b, cpu->target->globals, cpu->target->nglobals);
    else
        ir_block_reset(b);
    b->pc = head->pc;
    Tier2Region r;
    if (!region_translate(cpu, head, &r, b, max_blocks) || !region_rewrite_exits(cpu, &r, b))
        return NULL;
    region_thread_branches(b);
#ifdef CONFIG_DEBUG
    const char *err = ir_check(b);
    if (err)
        trix_fatal("internal error: invalid IR for the region at %#llx: %s",
                   (unsigned long long)head->pc, err);
#endif
    if (log_enabled(LOG_OP)) {
        log_printf("REGION [%d blocks]:\n", r.n);
        ir_dump(b, trix_log_file ? trix_log_file : stderr);
    }
    ir_optimize(b);
    TranslationBlock *tb = trix_malloc0(sizeof(*tb));
    tb->pc = head->pc;
    tb->cs_base = head->cs_base;
    tb->flags = head->flags;
    tb->max_insns = head->max_insns;
    tb->phys_pc = r.lo;
    tb->size = (uint32_t)(r.hi - r.lo);
    tb->icount = r.icount;
    tb->region = true;
    const TierOps *t = exec_tiers[0];
    if (!t->compile(b, tb)) {
        free(tb);
        return NULL;
    }
    tb->tier = t;
    tier2_stats.blocks += (uint64_t)r.n;
    tier2_stats.insns += r.icount;
    return tb;
}

/* ---- profiling code in tier-1 blocks ---- */

typedef struct Tier2Check { IRLabel out; uint64_t pc; } Tier2Check;

/* "count[pc] -= 1; if below zero, set the pc and exit with TB_EXIT_HOT" */
static void profile_check(IRBlock *b, uint64_t pc, Tier2Check *c)
{
    int32_t off = tier2_count_offset(pc);
    IRTemp t = ir_new_temp(b, IR_I64);
    c->out = ir_new_label(b);
    c->pc = pc;
    ir_ld_env(b, IR_I64, t, off, MO_64);
    ir_subi(b, IR_I64, t, t, 1);
    ir_brcondi(b, IR_I64, IR_COND_LT, t, 0, c->out);
    ir_st_env(b, IR_I64, t, off, MO_64);
}

void tier2_gen_profile(IRBlock *b, const TranslationBlock *tb, const TargetOps *t)
{
    IRTemp pc = IR_NO_TEMP;
    for (int i = IR_GLOBAL_BASE; i < b->ntemps && i < (int)IR_GLOBAL_BASE + b->nglobals; i++)
        if (b->temps[i].kind == IR_TEMP_GLOBAL && b->temps[i].env_off == t->pc_offset)
            pc = (IRTemp)i;
    if (pc == IR_NO_TEMP)
        return;
    int n = b->nops;
    IROp *src = trix_malloc0(sizeof(IROp) * (size_t)n);
    memcpy(src, b->ops, sizeof(IROp) * (size_t)n);
    IRBlock view = *b;
    view.ops = src;
    b->nops = 0;
    Tier2Check chk[4];
    int nchk = 0;
    if (tier2_mode == TIER2_FORCE)
        profile_check(b, tb->pc, &chk[nchk++]);
    for (int i = 0; i < n; i++) {
        uint64_t dest;
        if (tier2_mode == TIER2_ON && nchk < (int)ARRAY_SIZE(chk) &&
            region_exit_at(&view, i, t->pc_offset, &dest) && dest < tb->pc + tb->size)
            profile_check(b, dest, &chk[nchk++]);      /* a back edge: dest heads a loop */
        *ir_emit(b, (IROpcode)src[i].opc, (IRType)src[i].type) = src[i];
    }
    for (int k = 0; k < nchk; k++) {
        ir_set_label(b, chk[k].out);
        ir_movi(b, IR_I64, pc, chk[k].pc);
        ir_exit_tb(b, TB_EXIT_HOT);
    }
    free(src);
}

/* ---- tier-up ---- */

static void tier2_promote(CPUState *cpu, TranslationBlock *tb);

void tier2_hot(CPUState *cpu)
{
    uint64_t pc, cs_base;
    uint32_t flags;
    cpu->target->get_tb_key(cpu, &pc, &cs_base, &flags);
    cpu->tier2_count[tier2_slot(pc)] = tier2_window;
    tier2_tick++;
    TranslationBlock *tb = tb_lookup(cpu, pc, cs_base, flags);
    if (!tb || tb->region || tb->no_region || tb->invalid)
        return;
    uint32_t halvings = (tier2_tick - tb->heat_tick) / TIER2_HALF_LIFE;
    if (tier2_mode == TIER2_FORCE)
        halvings = 0;
    tb->heat = halvings >= 32 ? 0 : tb->heat >> halvings;
    tb->heat = tb->heat + tier2_window < tb->heat ? UINT32_MAX : tb->heat + tier2_window;
    tb->heat_tick = tier2_tick;
    if (tb->heat < tier2_threshold)
        return;
    fenv_t fenv;
    fegetenv(&fenv);            /* as tb_gen_code: compiling keeps the host FP flags */
    tier2_promote(cpu, tb);
    fesetenv(&fenv);
}

static void tier2_promote(CPUState *cpu, TranslationBlock *tb)
{
    uint64_t t0 = exec_stats_now();
    /* the JIT refuses some shapes (a branch back into the region bringing pins the label
     * assumed clean): the head alone, a loop in host registers, is the fallback */
    TranslationBlock *region = region_compile(cpu, tb, TIER2_MAX_BLOCKS);
    if (!region)
        region = region_compile(cpu, tb, 1);
    if (!region) {
        tb->no_region = true;
        tier2_stats.failed++;
        log_mask(LOG_OUT_ASM, "tier 2: no region at %#llx\n", (unsigned long long)tb->pc);
        return;
    }
    tb_replace(tb, region);
    tier2_stats.regions++;
    exec_stats_add_time(&tier2_stats.ns, t0);
}
