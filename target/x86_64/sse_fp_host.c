/* x86-64 SSE floating point on an x86-64 host: the host's own SSE unit under the guest's
 * MXCSR gives the architected result and flags directly; other hosts use sse_fp_helper.c. */
#include "target/x86_64/sse_fp_host.h"

#if defined(__x86_64__)
#include <stdlib.h>
#include <string.h>

/* TRIX_X86_SOFTFP=1 sends everything to the portable path (for its tests on x86 hosts). */
static int host_fp_off = -1;

typedef double V2 __attribute__((vector_size(16)));

/* One instruction between loading the guest MXCSR (exceptions masked, flags clear) and
 * reading it back, in one asm statement so that the compiler cannot move the operation
 * out of the guest's rounding mode. */
#define HOSTOP(insn) do { \
    if (load) \
        __asm__ volatile("ldmxcsr %2\n\t" insn " %3, %0\n\tstmxcsr %1" \
                         : "+x"(x), "=m"(out) : "m"(in), "x"(y)); \
    else \
        __asm__ volatile(insn " %1, %0" : "+x"(x) : "x"(y)); \
} while (0)

/* load: set MXCSR to `in` first (else it already holds the right value); *pout gets the
 * MXCSR after the operation. */
static bool host_op(int sel, unsigned in, bool load, V2 *px, V2 y, unsigned *pout)
{
    V2 x = *px;
    unsigned out = 0;
    switch (sel) {
    case X86_FOP_ADD * 4 + 0: HOSTOP("addps"); break;
    case X86_FOP_ADD * 4 + 1: HOSTOP("addpd"); break;
    case X86_FOP_ADD * 4 + 2: HOSTOP("addss"); break;
    case X86_FOP_ADD * 4 + 3: HOSTOP("addsd"); break;
    case X86_FOP_SUB * 4 + 0: HOSTOP("subps"); break;
    case X86_FOP_SUB * 4 + 1: HOSTOP("subpd"); break;
    case X86_FOP_SUB * 4 + 2: HOSTOP("subss"); break;
    case X86_FOP_SUB * 4 + 3: HOSTOP("subsd"); break;
    case X86_FOP_MUL * 4 + 0: HOSTOP("mulps"); break;
    case X86_FOP_MUL * 4 + 1: HOSTOP("mulpd"); break;
    case X86_FOP_MUL * 4 + 2: HOSTOP("mulss"); break;
    case X86_FOP_MUL * 4 + 3: HOSTOP("mulsd"); break;
    case X86_FOP_DIV * 4 + 0: HOSTOP("divps"); break;
    case X86_FOP_DIV * 4 + 1: HOSTOP("divpd"); break;
    case X86_FOP_DIV * 4 + 2: HOSTOP("divss"); break;
    case X86_FOP_DIV * 4 + 3: HOSTOP("divsd"); break;
    case X86_FOP_SQRT * 4 + 0: HOSTOP("sqrtps"); break;
    case X86_FOP_SQRT * 4 + 1: HOSTOP("sqrtpd"); break;
    case X86_FOP_SQRT * 4 + 2: HOSTOP("sqrtss"); break;
    case X86_FOP_SQRT * 4 + 3: HOSTOP("sqrtsd"); break;
    case X86_FOP_MIN * 4 + 0: HOSTOP("minps"); break;
    case X86_FOP_MIN * 4 + 1: HOSTOP("minpd"); break;
    case X86_FOP_MIN * 4 + 2: HOSTOP("minss"); break;
    case X86_FOP_MIN * 4 + 3: HOSTOP("minsd"); break;
    case X86_FOP_MAX * 4 + 0: HOSTOP("maxps"); break;
    case X86_FOP_MAX * 4 + 1: HOSTOP("maxpd"); break;
    case X86_FOP_MAX * 4 + 2: HOSTOP("maxss"); break;
    case X86_FOP_MAX * 4 + 3: HOSTOP("maxsd"); break;
    case 64 + 0 * 4 + 0: HOSTOP("cmpps $0,"); break;
    case 64 + 0 * 4 + 1: HOSTOP("cmppd $0,"); break;
    case 64 + 0 * 4 + 2: HOSTOP("cmpss $0,"); break;
    case 64 + 0 * 4 + 3: HOSTOP("cmpsd $0,"); break;
    case 64 + 1 * 4 + 0: HOSTOP("cmpps $1,"); break;
    case 64 + 1 * 4 + 1: HOSTOP("cmppd $1,"); break;
    case 64 + 1 * 4 + 2: HOSTOP("cmpss $1,"); break;
    case 64 + 1 * 4 + 3: HOSTOP("cmpsd $1,"); break;
    case 64 + 2 * 4 + 0: HOSTOP("cmpps $2,"); break;
    case 64 + 2 * 4 + 1: HOSTOP("cmppd $2,"); break;
    case 64 + 2 * 4 + 2: HOSTOP("cmpss $2,"); break;
    case 64 + 2 * 4 + 3: HOSTOP("cmpsd $2,"); break;
    case 64 + 3 * 4 + 0: HOSTOP("cmpps $3,"); break;
    case 64 + 3 * 4 + 1: HOSTOP("cmppd $3,"); break;
    case 64 + 3 * 4 + 2: HOSTOP("cmpss $3,"); break;
    case 64 + 3 * 4 + 3: HOSTOP("cmpsd $3,"); break;
    case 64 + 4 * 4 + 0: HOSTOP("cmpps $4,"); break;
    case 64 + 4 * 4 + 1: HOSTOP("cmppd $4,"); break;
    case 64 + 4 * 4 + 2: HOSTOP("cmpss $4,"); break;
    case 64 + 4 * 4 + 3: HOSTOP("cmpsd $4,"); break;
    case 64 + 5 * 4 + 0: HOSTOP("cmpps $5,"); break;
    case 64 + 5 * 4 + 1: HOSTOP("cmppd $5,"); break;
    case 64 + 5 * 4 + 2: HOSTOP("cmpss $5,"); break;
    case 64 + 5 * 4 + 3: HOSTOP("cmpsd $5,"); break;
    case 64 + 6 * 4 + 0: HOSTOP("cmpps $6,"); break;
    case 64 + 6 * 4 + 1: HOSTOP("cmppd $6,"); break;
    case 64 + 6 * 4 + 2: HOSTOP("cmpss $6,"); break;
    case 64 + 6 * 4 + 3: HOSTOP("cmpsd $6,"); break;
    case 64 + 7 * 4 + 0: HOSTOP("cmpps $7,"); break;
    case 64 + 7 * 4 + 1: HOSTOP("cmppd $7,"); break;
    case 64 + 7 * 4 + 2: HOSTOP("cmpss $7,"); break;
    case 64 + 7 * 4 + 3: HOSTOP("cmpsd $7,"); break;
    default:
        return false;
    }
    *px = x;
    *pout = out;
    return true;
}

/* While a vCPU's guest MXCSR has the default control (round to nearest, all exceptions
 * masked, no DAZ/FTZ, which is also what trix's own code runs with), the host MXCSR holds
 * its newer flags for the thread's current owner: a run of guest FP operations (helpers or
 * JIT code) needs no MXCSR access at all. x86_mxcsr_sync() moves the flags into env->mxcsr
 * and clears them in the host, before anything reads or writes env->mxcsr; the owner stays
 * (so that JIT code of X86_TBF_MXCSR_DEFAULT blocks can rely on it: x86_get_tb_key takes
 * ownership whenever it looks such a block up). x86_mxcsr_release() also gives it up: called
 * where guest execution leaves for trix's own code (syscalls, exceptions, signal frames), so
 * that flags raised by trix's host code are not charged to the guest (the next lookup takes
 * ownership with clear host flags). */
static __thread X86CPU *mx_owner;

void x86_mxcsr_sync(X86CPU *env)
{
    if (mx_owner != env)
        return;
    unsigned host;
    __asm__ volatile("stmxcsr %0" : "=m"(host));
    if (!(host & 0x3f))
        return;
    env->mxcsr |= host & 0x3f;
    host &= ~0x3fu;
    __asm__ volatile("ldmxcsr %0" : : "m"(host));
}

void x86_mxcsr_release(X86CPU *env)
{
    x86_mxcsr_sync(env);
    if (mx_owner == env)
        mx_owner = NULL;
}

void x86_mxcsr_own(X86CPU *env)
{
    if (mx_owner == env)
        return;
    if (mx_owner)
        x86_mxcsr_sync(mx_owner);
    unsigned v = 0x1f80;            /* flags: none newer than env->mxcsr's */
    __asm__ volatile("ldmxcsr %0" : : "m"(v));
    mx_owner = env;
}

/* The scalar SQRT forms take the upper lanes from the first source: a = V, b = W. */
bool x86_sse_fp_host(X86CPU *env, int op, bool dbl, bool packed, unsigned imm,
                     const uint8_t *a, const uint8_t *b, uint8_t *r, uint32_t *flags)
{
    if (host_fp_off < 0)
        host_fp_off = getenv("TRIX_X86_SOFTFP") != NULL;
    int fi = (packed ? 0 : 2) + (dbl ? 1 : 0);
    int sel = op == X86_FOP_CMP ? (imm < 8 ? 64 + (int)imm * 4 + fi : -1) : op * 4 + fi;
    if (host_fp_off || sel < 0 || op > X86_FOP_CMP)
        return false;
    V2 x, y;
    memcpy(&x, a, 16);
    memcpy(&y, b, 16);
    unsigned out = 0;
    bool ok;
    if ((env->mxcsr | 0x3f) == 0x1fbf) {
        x86_mxcsr_own(env);
        ok = host_op(sel, 0, false, &x, y, &out);
        out = 0;                    /* the flags stay in the host MXCSR */
    } else {
        unsigned host;
        x86_mxcsr_sync(env);
        __asm__ volatile("stmxcsr %0" : "=m"(host));
        ok = host_op(sel, (env->mxcsr & ~0x3fu) | 0x1f80u, true, &x, y, &out);
        __asm__ volatile("ldmxcsr %0" : : "m"(host));
    }
    if (!ok)
        return false;
    memcpy(r, &x, 16);
    *flags = out & 0x3f;
    return true;
}

/* UCOMIS/COMIS (ctl: double 1, signalling 2) under the default MXCSR: ZF PF CF. */
bool x86_comis_host(X86CPU *env, uint64_t a, uint64_t b, unsigned ctl, uint64_t *flags)
{
    if (host_fp_off < 0)
        host_fp_off = getenv("TRIX_X86_SOFTFP") != NULL;
    if (host_fp_off || !x86_mxcsr_is_default(env->mxcsr))
        return false;
    x86_mxcsr_own(env);
    uint8_t z, p, c;
    if (ctl & 1) {
        double x, y;
        memcpy(&x, &a, 8);
        memcpy(&y, &b, 8);
        if (ctl & 2)
            __asm__ volatile("comisd %4, %3\n\tsetz %0\n\tsetp %1\n\tsetc %2"
                             : "=q"(z), "=q"(p), "=q"(c) : "x"(x), "x"(y) : "cc");
        else
            __asm__ volatile("ucomisd %4, %3\n\tsetz %0\n\tsetp %1\n\tsetc %2"
                             : "=q"(z), "=q"(p), "=q"(c) : "x"(x), "x"(y) : "cc");
    } else {
        float x, y;
        uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b;
        memcpy(&x, &a32, 4);
        memcpy(&y, &b32, 4);
        if (ctl & 2)
            __asm__ volatile("comiss %4, %3\n\tsetz %0\n\tsetp %1\n\tsetc %2"
                             : "=q"(z), "=q"(p), "=q"(c) : "x"(x), "x"(y) : "cc");
        else
            __asm__ volatile("ucomiss %4, %3\n\tsetz %0\n\tsetp %1\n\tsetc %2"
                             : "=q"(z), "=q"(p), "=q"(c) : "x"(x), "x"(y) : "cc");
    }
    *flags = (z ? X86_ZF : 0) | (p ? X86_PF : 0) | (c ? X86_CF : 0);
    return true;
}

#else

bool x86_comis_host(X86CPU *env, uint64_t a, uint64_t b, unsigned ctl, uint64_t *flags)
{
    return false;
}

void x86_mxcsr_sync(X86CPU *env)
{
}

void x86_mxcsr_own(X86CPU *env)
{
}

void x86_mxcsr_release(X86CPU *env)
{
}

bool x86_sse_fp_host(X86CPU *env, int op, bool dbl, bool packed, unsigned imm,
                     const uint8_t *a, const uint8_t *b, uint8_t *r, uint32_t *flags)
{
    return false;
}

#endif
