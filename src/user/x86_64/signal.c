/* x86-64 signal frames: the kernel's rt_sigframe (return address, ucontext with sigcontext,
 * siginfo, an XSAVE-format FP state with Linux's magic words) and rt_sigreturn. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "trix/guest_mem.h"
#include "target/x86_64/cpu.h"
#include "target/x86_64/xsave.h"
#include "x86_user.h"

typedef struct X86SigContext {
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
    uint16_t cs, gs, fs, ss;
    uint64_t err, trapno, oldmask, cr2;
    uint64_t fpstate;               /* guest address of the X86FxState below */
    uint64_t reserved1[8];
} X86SigContext;

typedef struct X86UContext {
    uint64_t uc_flags, uc_link;
    uint64_t ss_sp;
    int32_t ss_flags, ss_pad;
    uint64_t ss_size;
    X86SigContext mc;
    uint64_t uc_sigmask;
} X86UContext;

/* Linux's struct _fpx_sw_bytes in the legacy region's software-available bytes 464..511:
 * it says the image is an XSAVE area (UC_FP_XSTATE) and how big; FP_XSTATE_MAGIC2 follows
 * the area. */
enum { X86_FPX_SW = 464, X86_FP_XSTATE_MAGIC1 = 0x46505853, X86_FP_XSTATE_MAGIC2 = 0x46505845 };
typedef struct X86FpxSwBytes {
    uint32_t magic1, extended_size;
    uint64_t xfeatures;
    uint32_t xstate_size, padding[7];
} X86FpxSwBytes;

typedef struct X86SigFrame {
    uint64_t pretcode;
    X86UContext uc;
    uint8_t info[128];
} X86SigFrame;

_Static_assert(sizeof(X86SigContext) == 256, "sigcontext size");
_Static_assert(__builtin_offsetof(X86UContext, mc) == 40, "uc_mcontext offset");
_Static_assert(sizeof(X86FpxSwBytes) == 48, "_fpx_sw_bytes size");

#define X86_UC_FP_XSTATE 0x1
#define X86_UC_SIGCONTEXT_SS 0x2
#define X86_UC_STRICT_RESTORE_SS 0x4

/* The return path when the handler has no SA_RESTORER: mov $15, %eax; syscall. */
const uint8_t x86_user_sigtramp[7] = { 0xb8, 0x0f, 0x00, 0x00, 0x00, 0x0f, 0x05 };

static void frame_save(X86SigContext *mc, X86CPU *env, uint64_t oldmask)
{
    const uint64_t *r = env->regs;
    mc->r8 = r[8], mc->r9 = r[9], mc->r10 = r[10], mc->r11 = r[11];
    mc->r12 = r[12], mc->r13 = r[13], mc->r14 = r[14], mc->r15 = r[15];
    mc->rdi = r[X86_RDI], mc->rsi = r[X86_RSI], mc->rbp = r[X86_RBP], mc->rbx = r[X86_RBX];
    mc->rdx = r[X86_RDX], mc->rax = r[X86_RAX], mc->rcx = r[X86_RCX], mc->rsp = r[X86_RSP];
    mc->rip = env->rip;
    mc->eflags = x86_get_eflags(env);
    mc->cs = 0x33;
    mc->ss = 0x2b;
    mc->err = env->error_code;
    mc->trapno = (uint64_t)env->cs.exception_index;
    mc->oldmask = oldmask;
    mc->cr2 = env->fault_addr;
}

static void frame_restore(X86CPU *env, const X86SigContext *mc)
{
    uint64_t *r = env->regs;
    r[8] = mc->r8, r[9] = mc->r9, r[10] = mc->r10, r[11] = mc->r11;
    r[12] = mc->r12, r[13] = mc->r13, r[14] = mc->r14, r[15] = mc->r15;
    r[X86_RDI] = mc->rdi, r[X86_RSI] = mc->rsi, r[X86_RBP] = mc->rbp, r[X86_RBX] = mc->rbx;
    r[X86_RDX] = mc->rdx, r[X86_RAX] = mc->rax, r[X86_RCX] = mc->rcx, r[X86_RSP] = mc->rsp;
    env->rip = mc->rip;
    /* User code may change the arithmetic flags, TF, DF, AC and ID. */
    uint64_t keep = x86_get_eflags(env) & ~(uint64_t)(X86_CC_MASK | X86_DF | X86_AC | X86_ID);
    x86_set_eflags(env, keep | (mc->eflags & (X86_CC_MASK | X86_DF | X86_AC | X86_ID)));
}

/* The area as the kernel's XSAVE leaves it: the components of XCR0, XSTATE_BV with x87 and
 * SSE always set, the software bytes and the trailing magic. The handler then starts with
 * every component in its initial state. */
static void xs_save(uint8_t *a, X86CPU *env)
{
    x86_mxcsr_release(env);
    uint64_t feat = env->sys.xcr0;
    uint32_t size = x86_xsave_size(feat);
    x86_xsave_image(env, a, feat, false);
    uint64_t bv;
    memcpy(&bv, a + X86_XS_HDR, 8);
    bv |= X86_XS_X87 | X86_XS_SSE;
    memcpy(a + X86_XS_HDR, &bv, 8);
    X86FpxSwBytes sw = { .magic1 = X86_FP_XSTATE_MAGIC1, .extended_size = size + 4,
                         .xfeatures = feat, .xstate_size = size };
    memcpy(a + X86_FPX_SW, &sw, sizeof sw);
    uint32_t m2 = X86_FP_XSTATE_MAGIC2;
    memcpy(a + size, &m2, 4);
    x86_xstate_init(env, feat);
}

/* As the kernel: a valid pair of magic words means an XSAVE area restored with the
 * features it names (the others reset); otherwise an FXSAVE image. */
static bool xs_restore(X86CPU *env, uint64_t addr)
{
    x86_mxcsr_release(env);
    uint8_t a[X86_XS_MAX + 4] = { 0 };
    X86FpxSwBytes sw;
    uint64_t feat = env->sys.xcr0, rfbm = X86_XS_X87 | X86_XS_SSE;
    if (user_get(a, addr, 512) < 0)
        return false;
    memcpy(&sw, a + X86_FPX_SW, sizeof sw);
    uint32_t size = x86_xsave_size(feat), m2 = 0;
    if (sw.magic1 == X86_FP_XSTATE_MAGIC1 && sw.xstate_size >= size &&
        sw.extended_size == sw.xstate_size + 4 && sw.xstate_size <= 64 * 1024 &&
        user_get(&m2, addr + sw.xstate_size, 4) == 0 && m2 == X86_FP_XSTATE_MAGIC2) {
        if (user_get(a + 512, addr + 512, size - 512) < 0)
            return false;
        rfbm = sw.xfeatures & feat;
    } else {
        memset(a + X86_XS_HDR, 0, 64);      /* FXSAVE only: x87 and SSE from the image */
        uint64_t bv = X86_XS_X87 | X86_XS_SSE;
        memcpy(a + X86_XS_HDR, &bv, 8);
    }
    x86_xstate_init(env, feat & ~rfbm);
    uint32_t mx;
    memcpy(&mx, a + 24, 4);
    mx &= 0xffff;                           /* the kernel sanitizes MXCSR */
    memcpy(a + 24, &mx, 4);
    return x86_xrstor_image(env, a, rfbm);
}

/* Below the red zone: the FP state (64-byte aligned), then the frame, placed so that the
 * handler starts with rsp + 8 16-byte aligned, as after a call. */
bool x86_user_setup_frame(CPUState *cpu, int sig, const GuestSigAction *ka,
                          const siginfo_t *info, uint64_t oldmask, uint64_t tramp)
{
    X86CPU *env = x86_cpu(cpu);
    TaskState *ts = cpu->opaque;
    uint64_t sp = env->regs[X86_RSP] - 128;
    uint32_t fpsize = x86_xsave_size(env->sys.xcr0) + 4;
    uint64_t top = sig_frame_addr(ts, ka, sp, fpsize + 64);
    uint64_t fxaddr = top & ~63ull;
    uint64_t addr = ((fxaddr - sizeof(X86SigFrame)) & ~15ull) - 8;
    X86SigFrame *f = user_ptr(addr, sizeof(*f), PAGE_WRITE);
    uint8_t *fx = user_ptr(fxaddr, fpsize, PAGE_WRITE);
    if (!f || !fx)
        return false;
    memset(f, 0, sizeof(*f));
    memset(fx, 0, fpsize);
    memcpy(f->info, info, sizeof(f->info));
    f->pretcode = ka->restorer ? ka->restorer : tramp;
    f->uc.uc_flags = X86_UC_FP_XSTATE | X86_UC_SIGCONTEXT_SS | X86_UC_STRICT_RESTORE_SS;
    f->uc.ss_sp = ts->ss_sp;
    f->uc.ss_size = ts->ss_size;
    f->uc.ss_flags = sig_altstack_flags(ts, env->regs[X86_RSP]);
    f->uc.uc_sigmask = oldmask;
    frame_save(&f->uc.mc, env, oldmask);
    f->uc.mc.fpstate = fxaddr;
    xs_save(fx, env);
    env->regs[X86_RDI] = (uint64_t)sig;
    env->regs[X86_RSI] = addr + __builtin_offsetof(X86SigFrame, info);
    env->regs[X86_RDX] = addr + __builtin_offsetof(X86SigFrame, uc);
    env->regs[X86_RAX] = 0;
    env->regs[X86_RSP] = addr;
    env->rip = ka->handler;
    env->df = 1;                    /* the handler starts with DF clear */
    return true;
}

/* The handler's ret popped pretcode: the frame starts 8 bytes below rsp. */
long x86_user_rt_sigreturn(CPUState *cpu)
{
    X86CPU *env = x86_cpu(cpu);
    TaskState *ts = cpu->opaque;
    X86SigFrame f;
    if (user_get(&f, env->regs[X86_RSP] - 8, sizeof(f)) < 0) {
        sig_force(cpu, SIGSEGV, SI_KERNEL, 0);
        return USER_RET_SIGRETURN;
    }
    if (!f.uc.mc.fpstate) {
        x86_xstate_init(env, env->sys.xcr0);
    } else if (!xs_restore(env, f.uc.mc.fpstate)) {
        sig_force(cpu, SIGSEGV, SI_KERNEL, 0);
        return USER_RET_SIGRETURN;
    }
    frame_restore(env, &f.uc.mc);
    sig_set_mask(ts, f.uc.uc_sigmask);
    if (!(f.uc.ss_flags & SS_DISABLE) && f.uc.ss_size >= 2048 &&
        !sig_on_altstack(ts, env->regs[X86_RSP])) {
        ts->ss_sp = f.uc.ss_sp;
        ts->ss_size = f.uc.ss_size;
    }
    return USER_RET_SIGRETURN;
}
