/* x86-64 JIT glue: buffer prefix (entry trampoline, constants), compile, run, link, helpers. */
#include <capstone/capstone.h>
#include <stdlib.h>
#include <string.h>
#include "jit.h"
#include "lower.h"
#include "trix/guest_mem.h"

JitRuntime jit_rt;

/* Stored just before each block's code. */
typedef struct JitHeader {
    uint32_t goto_off[2];       /* offset of goto_tb n's rel32 from the code start, 0: none */
    uint32_t size;
    uint32_t magic;
} JitHeader;
#define JIT_HEADER_MAGIC 0x4a495430u

size_t jit_lower_block(IRBlock *b, TranslationBlock *tb, uint8_t *code, size_t avail,
                       uint32_t goto_off[2], bool *ovf);

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
    X86Buf b = { p, p, p + (avail < 256 ? avail : 256), cbuf_exec_delta(), false };
    jit_rt.entry = x86_here(&b);
    for (size_t i = 0; i < sizeof(saved); i++)
        x86_emit_push(&b, saved[i]);
    x86_emit_alu_ri(&b, X86_SUB, true, X86_RSP, 8);
    x86_emit_mov_rr(&b, true, JIT_ENV, X86_RDI);
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

static bool jit_ready(void)
{
    if (cbuf_ready())
        return true;
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

static void *jit_try_compile(IRBlock *b, TranslationBlock *tb, bool *ovf)
{
    size_t avail;
    uint8_t *p = cbuf_reserve(&avail);
    *ovf = true;
    if (avail < sizeof(JitHeader) + 64) {
        cbuf_abort();
        return NULL;
    }
    uint8_t *code = p + sizeof(JitHeader);
    uint32_t goto_off[2] = { 0, 0 };
    size_t used = jit_lower_block(b, tb, code, avail - sizeof(JitHeader), goto_off, ovf);
    if (!used) {
        cbuf_abort();
        return NULL;
    }
    JitHeader h = { { goto_off[0], goto_off[1] }, (uint32_t)used, JIT_HEADER_MAGIC };
    memcpy(p, &h, sizeof(h));
    cbuf_commit(sizeof(JitHeader) + used);
    void *host = code + cbuf_exec_delta();
    if (log_enabled(LOG_OUT_ASM))
        jit_log_code(tb, code, used, (uintptr_t)host);
    return host;
}

void *jit_compile(IRBlock *b, TranslationBlock *tb)
{
    if (!jit_enabled || !jit_ready())
        return NULL;
    if (jit_rt.guest_addr_max != guest_addr_max)
        jit_flush();
    bool ovf;
    void *host = jit_try_compile(b, tb, &ovf);
    if (!host && ovf) {
        jit_flush();
        host = jit_try_compile(b, tb, &ovf);
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

void jit_link(TranslationBlock *src, int n, TranslationBlock *dst)
{
    if (!src->host_code)
        return;
    const JitHeader *h = jit_header(src->host_code);
    if (h->magic != JIT_HEADER_MAGIC || !h->goto_off[n])
        return;
    const uint8_t *field = (const uint8_t *)src->host_code + h->goto_off[n];
    uintptr_t target = dst && dst->host_code ? (uintptr_t)dst->host_code : (uintptr_t)field + 4;
    cbuf_patch32(field, (uint32_t)(int32_t)(intptr_t)(target - ((uintptr_t)field + 4)));
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
    return tb ? tb->host_code : NULL;
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
