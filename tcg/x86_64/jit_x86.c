/* x86-64 JIT glue: buffer prefix (entry trampoline, constants), compile, run, link, helpers. */
#include <capstone/capstone.h>
#include <signal.h>
#include <ucontext.h>
#include <stdlib.h>
#include <string.h>
#include "jit.h"
#include "lower.h"
#include "trix/guest_mem.h"
#include "trix/exec_stats.h"
#include "trix/tier.h"

JitRuntime jit_rt;

/* Stored just before each block's code (offsets from the code start). */
typedef struct JitHeader {
    uint32_t goto_off[2];       /* goto_tb n's rel32, 0: none */
    uint32_t self_off[2];       /* goto_tb n's self-loop rel32, 0: none */
    uint32_t jcc_off[2];        /* a branch's rel32 also linked to the header, 0: none */
    uint32_t jcc_dflt[2];       /* that branch's own target */
    uint32_t header_off;        /* the loop header a self-link jumps to */
    uint32_t size;              /* code, without the fault table */
    uint32_t table_off;         /* the fault table (JitFaultRec) */
    uint32_t magic;
    uint32_t pad[4];            /* 64 bytes: code starts on a cache line (CBUF_ALIGN) */
} JitHeader;
#define JIT_HEADER_MAGIC 0x4a495432u

int32_t jit_pc_offset = -1;

/* Every block in the buffer, in address order, for host pc -> fault table lookups. */
static struct {
    const uint8_t **code;
    size_t n, cap;
} jit_blocks;

static const JitHeader *jit_header(const void *host_code)
{
    return (const JitHeader *)((const uint8_t *)host_code - sizeof(JitHeader));
}

/*
 * entry(cpu, code): save the callee-saved registers, pin env and guest_base, jump to the
 * block. Blocks leave through the epilogue with the TBExit in rax:rdx (SysV returns a
 * 16-byte struct of integers there). rsp stays 16-byte aligned inside blocks so helper
 * calls need no adjustment.
 */
static bool jit_build_prefix(void)
{
    static const int8_t saved[] = { X86_RBP, X86_RBX, X86_R12, X86_R13, X86_R14, X86_R15 };
    size_t avail;
    uint8_t *p = cbuf_reserve(&avail);
    X86Buf b = { p, p, p + (avail < 512 ? avail : 512), cbuf_exec_delta(), false };
    jit_rt.entry = x86_here(&b);
    for (size_t i = 0; i < sizeof(saved); i++)
        x86_emit_push(&b, saved[i]);
    x86_emit_alu_ri(&b, X86_SUB, true, X86_RSP, 8);
    x86_emit_lea(&b, true, JIT_ENV, x86_mem(X86_RDI, jit_rt.env_bias));
    x86_emit_movabs(&b, JIT_GBASE, (uint64_t)(uintptr_t)&guest_base);
    x86_emit_load(&b, X86_S64, JIT_GBASE, x86_mem(JIT_GBASE, 0));
    x86_emit_jmp_r(&b, X86_RSI);
    jit_rt.epilogue = x86_here(&b);
    x86_emit_alu_ri(&b, X86_ADD, true, X86_RSP, 8);
    for (int i = (int)sizeof(saved) - 1; i >= 0; i--)
        x86_emit_pop(&b, saved[i]);
    x86_emit_ret(&b);
    while ((uintptr_t)b.p & 7)
        x86_emit_byte(&b, 0xcc);
    for (int s = 0; s < 4; s++) {
        jit_rt.limit[s] = x86_here(&b);
        uint64_t bytes = 1ull << s;
        x86_emit_u64(&b, guest_addr_max >= bytes ? guest_addr_max - bytes : 0);
    }
    /* the vf* ops' check (lower_vec.c): |r| > min normal and |r| < infinity per lane */
    static const uint64_t fpc[2][3] = {
        { 0x7fffffff7fffffffull, 0x0080000000800000ull, 0x7f8000007f800000ull },
        { 0x7fffffffffffffffull, 0x0010000000000000ull, 0x7ff0000000000000ull } };
    while ((uintptr_t)b.p & 15)
        x86_emit_byte(&b, 0xcc);
    for (int k = 0; k < 2; k++) {
        jit_rt.fpc[k] = x86_here(&b);
        for (int i = 0; i < 3; i++) {
            x86_emit_u64(&b, fpc[k][i]);
            x86_emit_u64(&b, fpc[k][i]);
        }
    }
    if (b.overflow) {
        cbuf_abort();
        return false;
    }
    jit_rt.guest_addr_max = guest_addr_max;
    jit_rt.prefix_size = (size_t)(b.p - p);
    cbuf_commit(jit_rt.prefix_size);
    return true;
}

static size_t jit_buffer_size(void)
{
    const char *s = getenv("TRIX_JIT_BUFFER");
    if (s && *s) {
        char *end;
        unsigned long long v = strtoull(s, &end, 0);
        if (*end == 'k' || *end == 'K')
            v <<= 10;
        else if (*end == 'm' || *end == 'M')
            v <<= 20;
        if (v >= 4096)
            return (size_t)v;
    }
    return jit_tb_size ? jit_tb_size : (size_t)256 << 20;
}

static int32_t jit_env_bias(void);

static bool jit_ready(void)
{
    if (cbuf_ready())
        return true;
    jit_rt.env_bias = jit_env_bias();
    if (!cbuf_init(jit_buffer_size()) || !jit_build_prefix()) {
        log_mask(LOG_OUT_ASM, "JIT unavailable: cannot set up the code buffer\n");
        jit_enabled = false;
        return false;
    }
    return true;
}

/* Drop every translation and start the buffer again after its prefix. */
static void jit_flush(void)
{
    log_mask(LOG_OUT_ASM, "JIT code buffer full: flushing all translations\n");
    tb_flush_all();
    cbuf_reset(0);
    jit_blocks.n = 0;
    if (!jit_build_prefix())
        trix_fatal("JIT code buffer too small for its prologue");
}

static void jit_log_code(const TranslationBlock *tb, const uint8_t *code, size_t size,
                         uintptr_t addr)
{
    csh cs;
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK)
        return;
    log_printf("OUT: [size=%zu] for guest pc %#llx\n", size, (unsigned long long)tb->pc);
    cs_insn *insn;
    size_t n = cs_disasm(cs, code, size, addr, 0, &insn);
    for (size_t i = 0; i < n; i++)
        log_printf("0x%012llx:  %-8s %s\n", (unsigned long long)insn[i].address,
                   insn[i].mnemonic, insn[i].op_str);
    if (n)
        cs_free(insn, n);
    cs_close(&cs);
    log_printf("\n");
}

static void jit_blocks_add(const uint8_t *code)
{
    if (jit_blocks.n == jit_blocks.cap) {
        jit_blocks.cap = jit_blocks.cap ? 2 * jit_blocks.cap : 1024;
        jit_blocks.code = trix_realloc(jit_blocks.code, sizeof(*jit_blocks.code) * jit_blocks.cap);
    }
    jit_blocks.code[jit_blocks.n++] = code;
}

static void *jit_try_compile(IRBlock *b, TranslationBlock *tb, int max_pins, bool *ovf)
{
    size_t avail;
    uint8_t *p = cbuf_reserve(&avail);
    *ovf = true;
    if (avail < sizeof(JitHeader) + 64) {
        cbuf_abort();
        return NULL;
    }
    uint8_t *code = p + sizeof(JitHeader);
    JitBlockInfo info;
    size_t used = jit_lower_block(b, tb, code, avail - sizeof(JitHeader), max_pins, &info, ovf);
    if (!used) {
        cbuf_abort();
        return NULL;
    }
    JitHeader h = { { info.goto_off[0], info.goto_off[1] }, { info.self_off[0], info.self_off[1] },
                    { info.jcc_off[0], info.jcc_off[1] }, { info.jcc_dflt[0], info.jcc_dflt[1] },
                    info.header_off, info.code_size, info.table_off, JIT_HEADER_MAGIC };
    memcpy(p, &h, sizeof(h));
    cbuf_commit(sizeof(JitHeader) + used);
    uint8_t *host = code + cbuf_exec_delta();
    jit_blocks_add(host);
    if (log_enabled(LOG_OUT_ASM))
        jit_log_code(tb, code, info.code_size, (uintptr_t)host);
    return host;
}

/* Fewer pinned globals leave more registers to the ops: the retries when lowering failed. */
static void *jit_compile_pins(IRBlock *b, TranslationBlock *tb, bool *ovf)
{
    static const int pins[] = { JIT_MAX_PINS, 4, 0 };
    void *host = NULL;
    for (size_t i = 0; i < ARRAY_SIZE(pins) && !host; i++) {
        host = jit_try_compile(b, tb, pins[i], ovf);
        if (*ovf)
            break;
    }
    return host;
}

void *jit_compile(IRBlock *b, TranslationBlock *tb)
{
    if (!jit_enabled || !jit_ready())
        return NULL;
    if (jit_rt.guest_addr_max != guest_addr_max)
        jit_flush();
    bool ovf;
    void *host = jit_compile_pins(b, tb, &ovf);
    if (!host && ovf) {
        jit_flush();
        host = jit_compile_pins(b, tb, &ovf);
    }
    if (!host)
        log_mask(LOG_OUT_ASM, "JIT: block at %#llx left to the interpreter\n",
                 (unsigned long long)tb->pc);
    return host;
}

TBExit jit_exec(CPUState *cpu, TranslationBlock *tb)
{
    TBExit (*entry)(CPUState *, void *) = (TBExit (*)(CPUState *, void *))jit_rt.entry;
    TBExit r = entry(cpu, tb->host_code);
    /* the entry check leaves before the block ran: its pc may not be in the state yet */
    if (r.code == TB_EXIT_REQUESTED)
        cpu->target->set_pc(cpu, r.tb->pc);
    return r;
}

static void jit_patch_jump(const uint8_t *field, uintptr_t target)
{
    cbuf_patch32(field, (uint32_t)(int32_t)(intptr_t)(target - ((uintptr_t)field + 4)));
}

void jit_link(TranslationBlock *src, int n, TranslationBlock *dst)
{
    if (!src->host_code)
        return;
    const JitHeader *h = jit_header(src->host_code);
    const uint8_t *code = src->host_code;
    if (h->magic != JIT_HEADER_MAGIC)
        return;
    if (h->self_off[n]) {
        /* a self-link re-enters the loop header with the pins still in registers */
        const uint8_t *self = code + h->self_off[n];
        uintptr_t header = (uintptr_t)code + h->header_off;
        jit_patch_jump(self, dst == src ? header : (uintptr_t)self + 4);
        if (h->jcc_off[n])
            jit_patch_jump(code + h->jcc_off[n],
                           dst == src ? header : (uintptr_t)code + h->jcc_dflt[n]);
        if (dst == src)
            return;
    }
    if (!h->goto_off[n])
        return;
    const uint8_t *field = code + h->goto_off[n];
    jit_patch_jump(field, dst && dst->host_code ? (uintptr_t)dst->host_code : (uintptr_t)field + 4);
}

static const TargetOps *jit_target;

void jit_init_target(const TargetOps *t)
{
    jit_target = t;
    jit_pc_offset = t->pc_offset > 0 ? t->pc_offset : -1;
}

/* Bias the env register so that the first 32 globals' homes are within a disp8 of it (the
 * target fills its globals table when the first CPU is created, before any translation). */
static int32_t jit_env_bias(void)
{
    int32_t lo = INT32_MAX;
    for (int i = 0; jit_target && i < jit_target->nglobals; i++)
        if (jit_target->globals[i].name && jit_target->globals[i].env_off < lo)
            lo = jit_target->globals[i].env_off;
    return lo == INT32_MAX ? 0 : lo + 128;
}

/* The ucontext slot of each x86 register number. */
static const int8_t jit_greg[16] = {
    [X86_RAX] = REG_RAX, [X86_RCX] = REG_RCX, [X86_RDX] = REG_RDX, [X86_RBX] = REG_RBX,
    [X86_RSP] = REG_RSP, [X86_RBP] = REG_RBP, [X86_RSI] = REG_RSI, [X86_RDI] = REG_RDI,
    [X86_R8] = REG_R8, [X86_R9] = REG_R9, [X86_R10] = REG_R10, [X86_R11] = REG_R11,
    [X86_R12] = REG_R12, [X86_R13] = REG_R13, [X86_R14] = REG_R14, [X86_R15] = REG_R15,
};

/* The block whose code contains host_pc, or NULL. */
static const uint8_t *jit_find_block(uintptr_t host_pc)
{
    size_t lo = 0, hi = jit_blocks.n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if ((uintptr_t)jit_blocks.code[mid] <= host_pc)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (!lo)
        return NULL;
    const uint8_t *code = jit_blocks.code[lo - 1];
    return host_pc - (uintptr_t)code < jit_header(code)->size ? code : NULL;
}

bool jit_host_pc_to_state(uintptr_t host_pc, CPUState *cpu, void *ucontext)
{
    const uint8_t *code = jit_find_block(host_pc);
    if (!code)
        return false;
    uint32_t off = (uint32_t)(host_pc - (uintptr_t)code);
    const uint8_t *t = code + jit_header(code)->table_off;
    uint32_t count;
    memcpy(&count, t, 4);
    const uint8_t *p = t + 8, *best = NULL;
    for (uint32_t i = 0; i < count; i++) {
        JitFaultRec r;
        memcpy(&r, p, sizeof(r));
        if (r.host_off > off)
            break;
        best = p;
        p += sizeof(r) + 4 * ((r.nspill + 1) & ~1u);
    }
    if (!best)
        return false;
    JitFaultRec r;
    memcpy(&r, best, sizeof(r));
    const greg_t *gregs = ((ucontext_t *)ucontext)->uc_mcontext.gregs;
    for (uint32_t k = 0; k < r.nspill; k++) {
        uint32_t w;
        memcpy(&w, best + sizeof(r) + 4 * k, 4);
        uint64_t v = (uint64_t)gregs[jit_greg[w & 15]];
        memcpy((uint8_t *)cpu + (w >> 8), &v, 8);
    }
    cpu->insn_pc = r.insn_pc;
    return true;
}

/* ---- functions called from generated code ---- */

void *jit_lookup_code(CPUState *cpu);
void jit_mem_slow(CPUState *cpu, uint64_t addr, uint32_t memop, uint32_t access);
uint64_t jit_helper_ctpop(uint64_t a);

void *jit_lookup_code(CPUState *cpu)
{
    uint64_t pc, cs_base;
    uint32_t flags;
    cpu->target->get_tb_key(cpu, &pc, &cs_base, &flags);
    TranslationBlock *tb = tb_lookup(cpu, pc, cs_base, flags);
    return tb && !log_enabled(LOG_NOCHAIN) ? tb->host_code : NULL;
}

/* Reached only when the inline checks failed: raises the guest fault. */
void jit_mem_slow(CPUState *cpu, uint64_t addr, uint32_t memop, uint32_t access)
{
    gm_check(cpu, addr, (MemOp)memop, (MMUAccessType)access);
    trix_fatal("internal error: JIT memory check at %#llx disagrees with gm_check",
               (unsigned long long)addr);
}

uint64_t jit_helper_ctpop(uint64_t a)
{
    return (uint64_t)__builtin_popcountll(a);
}

/* ---- the JIT's TierOps ---- */

static bool jit_tier_compile(IRBlock *b, TranslationBlock *tb)
{
    if (!jit_enabled)
        return false;
    size_t used0 = cbuf_used();
    uint64_t t0 = exec_stats_now();
    tb->host_code = jit_compile(b, tb);         /* NULL: the next tier runs it */
    if (!tb->host_code)
        return false;
    exec_stats_jit(tb->icount, t0, used0, cbuf_used());
    return true;
}

/* The code stays in the buffer until the next flush. */
static void jit_tier_free(TranslationBlock *tb)
{
}

const TierOps tier_jit_ops = {
    .name = "jit",
    .init = jit_init_target,
    .compile = jit_tier_compile,
    .exec = jit_exec,
    .link = jit_link,
    .free = jit_tier_free,
    .host_pc_to_state = jit_host_pc_to_state,
};
