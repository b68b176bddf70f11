/* x86-64 XSAVE feature set and FXSAVE/FXRSTOR: state components to and from byte images
 * (SDM Vol. 1 ch. 13), the instructions' helpers, XGETBV. */
#include <string.h>
#include "trix/guest_mem.h"
#include "target/x86_64/translate.h"
#include "target/x86_64/xsave.h"

/* Legacy region offsets (SDM Vol. 1 10.5.1). */
enum { FX_FCW = 0, FX_FSW = 2, FX_FTW = 4, FX_FOP = 6, FX_MXCSR = 24, FX_MXCSR_MASK = 28,
       FX_ST = 32, FX_XMM = 160, FX_XMM_END = 416 };
#define X86_MXCSR_MASK 0xffffu

static void put16(uint8_t *a, unsigned off, uint16_t v) { memcpy(a + off, &v, 2); }
static void put32(uint8_t *a, unsigned off, uint32_t v) { memcpy(a + off, &v, 4); }
static void put64(uint8_t *a, unsigned off, uint64_t v) { memcpy(a + off, &v, 8); }
static uint16_t get16(const uint8_t *a, unsigned off) { uint16_t v; memcpy(&v, a + off, 2); return v; }
static uint32_t get32(const uint8_t *a, unsigned off) { uint32_t v; memcpy(&v, a + off, 4); return v; }
static uint64_t get64(const uint8_t *a, unsigned off) { uint64_t v; memcpy(&v, a + off, 8); return v; }

unsigned x86_xsave_size(uint64_t features)
{
    return features & X86_XS_AVX ? X86_XS_AVX_OFF + X86_XS_AVX_SIZE : X86_XS_AVX_OFF;
}

static bool all_zero(const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return false;
    return true;
}

uint64_t x86_xinuse(X86CPU *env)
{
    x86_mxcsr_sync(env);
    uint64_t u = 0;
    if (env->fcw != 0x37f || env->fsw || env->ftw)
        u |= X86_XS_X87;
    if (env->mxcsr != 0x1f80 || !all_zero(env->xmm, sizeof env->xmm))
        u |= X86_XS_SSE;
    if (!all_zero(env->ymmh, sizeof env->ymmh))
        u |= X86_XS_AVX;
    return u;
}

/* x87: FCW FSW, the abridged tag, FOP/FIP/FDP (0: not tracked), ST(i) in the 16-byte slots. */
static void put_x87(X86CPU *env, uint8_t *a)
{
    memset(a, 0, 24);
    put16(a, FX_FCW, env->fcw);
    put16(a, FX_FSW, env->fsw);
    a[FX_FTW] = env->ftw;
    int top = (env->fsw >> 11) & 7;
    for (int i = 0; i < 8; i++)
        memcpy(a + FX_ST + 16 * i, env->fpregs[(top + i) & 7], 16);
}

static void get_x87(X86CPU *env, const uint8_t *a)
{
    env->fcw = get16(a, FX_FCW);
    env->fsw = get16(a, FX_FSW);
    env->ftw = a[FX_FTW];
    int top = (env->fsw >> 11) & 7;
    for (int i = 0; i < 8; i++)
        memcpy(env->fpregs[(top + i) & 7], a + FX_ST + 16 * i, 16);
}

static void put_mxcsr(X86CPU *env, uint8_t *a)
{
    put32(a, FX_MXCSR, env->mxcsr);
    put32(a, FX_MXCSR_MASK, X86_MXCSR_MASK);
}

void x86_xstate_init(X86CPU *env, uint64_t rfbm)
{
    x86_mxcsr_sync(env);
    if (rfbm & X86_XS_X87) {
        env->fcw = 0x37f, env->fsw = 0, env->ftw = 0;
        memset(env->fpregs, 0, sizeof env->fpregs);
    }
    if (rfbm & X86_XS_SSE) {
        memset(env->xmm, 0, sizeof env->xmm);
        env->mxcsr = 0x1f80;
    }
    if (rfbm & X86_XS_AVX)
        memset(env->ymmh, 0, sizeof env->ymmh);
}

void x86_xsave_image(X86CPU *env, uint8_t *a, uint64_t rfbm, bool compacted)
{
    uint64_t inuse = x86_xinuse(env) & rfbm;
    uint64_t save = compacted ? inuse : rfbm;
    if (save & X86_XS_X87)
        put_x87(env, a);
    if (compacted ? rfbm & X86_XS_SSE : rfbm & (X86_XS_SSE | X86_XS_AVX))
        put_mxcsr(env, a);
    if (save & X86_XS_SSE)
        memcpy(a + FX_XMM, env->xmm, sizeof env->xmm);
    if (save & X86_XS_AVX)
        memcpy(a + X86_XS_AVX_OFF, env->ymmh, sizeof env->ymmh);
    if (compacted) {
        memset(a + X86_XS_HDR, 0, 64);
        put64(a, X86_XS_HDR, inuse);
        put64(a, X86_XS_HDR + 8, rfbm | 1ull << 63);
    } else {
        put64(a, X86_XS_HDR, (get64(a, X86_XS_HDR) & ~rfbm) | inuse);
    }
}

bool x86_xrstor_image(X86CPU *env, const uint8_t *a, uint64_t rfbm)
{
    uint64_t bv = get64(a, X86_XS_HDR), comp = get64(a, X86_XS_HDR + 8);
    bool compacted = comp >> 63;
    uint64_t xcr0 = env->sys.xcr0;
    if (!all_zero(a + X86_XS_HDR + 16, 48) || (bv & ~xcr0))
        return false;
    if (compacted ? (comp & ~(xcr0 | 1ull << 63)) || (bv & ~comp) : comp != 0)
        return false;
    bool load_mxcsr = compacted ? (rfbm & bv & X86_XS_SSE) : (rfbm & (X86_XS_SSE | X86_XS_AVX));
    uint32_t mxcsr = get32(a, FX_MXCSR);
    if (load_mxcsr && (mxcsr & ~X86_MXCSR_MASK))
        return false;
    x86_xstate_init(env, rfbm & ~bv);
    if (rfbm & bv & X86_XS_X87)
        get_x87(env, a);
    if (rfbm & bv & X86_XS_SSE)
        memcpy(env->xmm, a + FX_XMM, sizeof env->xmm);
    if (rfbm & bv & X86_XS_AVX)
        memcpy(env->ymmh, a + X86_XS_AVX_OFF, sizeof env->ymmh);
    if (load_mxcsr) {
        x86_mxcsr_sync(env);
        env->mxcsr = mxcsr;
    }
    return true;
}

/* ---- guest memory: the byte ranges an instruction touches, 8 bytes at a time ---- */

static void mem_read(CPUState *cs, uint64_t addr, uint8_t *a, unsigned lo, unsigned hi)
{
    for (unsigned i = lo; i < hi; i += 8)
        put64(a, i, gm_ld(cs, addr + i, MO_64, x86_mmu_idx(cs)));
}

static void mem_write(CPUState *cs, uint64_t addr, const uint8_t *a, unsigned lo, unsigned hi)
{
    for (unsigned i = lo; i < hi; i += 8)
        gm_st(cs, addr + i, get64(a, i), MO_64, x86_mmu_idx(cs));
}

static void check_osxsave(CPUState *cs)
{
    if (!(x86_cpu(cs)->sys.hflags & X86_HF_OSXSAVE))
        cpu_loop_exit_restore(cs, X86_EXCP_UD);
}

/* ctl: 0 XSAVE/XSAVEOPT, 1 XSAVEC. rfbm_req is EDX:EAX. */
void helper_x86_xsave(CPUState *cs, uint64_t addr, uint64_t rfbm_req, uint32_t ctl)
{
    X86CPU *env = x86_cpu(cs);
    check_osxsave(cs);
    if (addr & 63)
        cpu_loop_exit_restore(cs, X86_EXCP_GP);
    uint64_t rfbm = rfbm_req & env->sys.xcr0;
    bool compacted = ctl & 1;
    unsigned end = rfbm & X86_XS_AVX ? X86_XS_MAX : X86_XS_AVX_OFF;
    uint8_t a[X86_XS_MAX];
    mem_read(cs, addr, a, 0, FX_XMM_END);
    mem_read(cs, addr, a, X86_XS_HDR, end);
    x86_xsave_image(env, a, rfbm, compacted);
    mem_write(cs, addr, a, 0, FX_XMM_END);
    mem_write(cs, addr, a, X86_XS_HDR, end);
}
IR_HELPER(x86_xsave, IR_HTYPE_VOID, IR_CALL_MAY_RAISE | IR_CALL_NO_READ_GLOBALS |
          IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR, IR_I64, IR_I64, IR_I32);

void helper_x86_xrstor(CPUState *cs, uint64_t addr, uint64_t rfbm_req)
{
    X86CPU *env = x86_cpu(cs);
    check_osxsave(cs);
    if (addr & 63)
        cpu_loop_exit_restore(cs, X86_EXCP_GP);
    uint64_t rfbm = rfbm_req & env->sys.xcr0;
    uint8_t a[X86_XS_MAX];
    mem_read(cs, addr, a, X86_XS_HDR, X86_XS_AVX_OFF);
    uint64_t bv = get64(a, X86_XS_HDR);
    mem_read(cs, addr, a, 0, FX_XMM_END);
    if (rfbm & bv & X86_XS_AVX)
        mem_read(cs, addr, a, X86_XS_AVX_OFF, X86_XS_MAX);
    if (!x86_xrstor_image(env, a, rfbm))
        cpu_loop_exit_restore(cs, X86_EXCP_GP);
}
IR_HELPER(x86_xrstor, IR_HTYPE_VOID, IR_CALL_MAY_RAISE | IR_CALL_NO_READ_GLOBALS |
          IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR, IR_I64, IR_I64);

/* XGETBV: ECX 0 is XCR0, 1 is XCR0 & XINUSE; anything else #GP. */
uint64_t helper_x86_xgetbv(CPUState *cs, uint64_t ecx)
{
    X86CPU *env = x86_cpu(cs);
    check_osxsave(cs);
    if ((uint32_t)ecx == 0)
        return env->sys.xcr0;
    if ((uint32_t)ecx == 1)
        return env->sys.xcr0 & x86_xinuse(env);
    cpu_loop_exit_restore(cs, X86_EXCP_GP);
}
IR_HELPER(x86_xgetbv, IR_I64, IR_CALL_MAY_RAISE | IR_CALL_NO_READ_GLOBALS |
          IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR, IR_I64);

/* FXSAVE/FXRSTOR: the 512-byte legacy image (bytes 416-511 are left alone). */
void helper_x86_fxsave(CPUState *cs, uint64_t addr)
{
    X86CPU *env = x86_cpu(cs);
    uint8_t a[FX_XMM_END];
    x86_mxcsr_sync(env);
    put_x87(env, a);
    put_mxcsr(env, a);
    memcpy(a + FX_XMM, env->xmm, sizeof env->xmm);
    mem_write(cs, addr, a, 0, FX_XMM_END);
}
IR_HELPER(x86_fxsave, IR_HTYPE_VOID, IR_CALL_MAY_RAISE | IR_CALL_NO_READ_GLOBALS |
          IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR, IR_I64);

/* MXCSR bits outside the mask: #GP, as LDMXCSR. */
void helper_x86_fxrstor(CPUState *cs, uint64_t addr)
{
    X86CPU *env = x86_cpu(cs);
    uint8_t a[FX_XMM_END];
    mem_read(cs, addr, a, 0, FX_XMM_END);
    uint32_t mxcsr = get32(a, FX_MXCSR);
    if (mxcsr & ~X86_MXCSR_MASK)
        cpu_loop_exit_restore(cs, X86_EXCP_GP);
    x86_mxcsr_sync(env);
    get_x87(env, a);
    env->mxcsr = mxcsr;
    memcpy(env->xmm, a + FX_XMM, sizeof env->xmm);
}
IR_HELPER(x86_fxrstor, IR_HTYPE_VOID, IR_CALL_MAY_RAISE | IR_CALL_NO_READ_GLOBALS |
          IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR, IR_I64);

/* XSETBV (CPL 0): XCR0 with x87 set, AVX only with SSE, nothing unsupported; else #GP. */
void helper_x86_xsetbv(CPUState *cs, uint64_t ecx, uint64_t v)
{
    X86CPU *env = x86_cpu(cs);
    check_osxsave(cs);
    if ((env->sys.hflags & X86_HF_CPL_MASK) || (uint32_t)ecx != 0 || !(v & X86_XS_X87) ||
        (v & ~X86_XCR0_SUPPORTED) || ((v & X86_XS_AVX) && !(v & X86_XS_SSE)))
        cpu_loop_exit_restore(cs, X86_EXCP_GP);
    env->sys.xcr0 = v;
}
IR_HELPER(x86_xsetbv, IR_HTYPE_VOID, IR_CALL_MAY_RAISE | IR_CALL_NO_READ_GLOBALS |
          IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR, IR_I64, IR_I64);
