/* arm64 signal frames: the kernel's rt_sigframe (siginfo, ucontext with sigcontext and an
 * FPSIMD record in __reserved), a frame record for unwinders, and rt_sigreturn. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "trix/guest_mem.h"
#include "target/arm64/cpu.h"
#include "a64_user.h"

#define A64_FPSIMD_MAGIC 0x46508001u
#define A64_SA_RESTORER 0x04000000u

typedef struct A64FpsimdRecord {
    uint32_t magic, size;
    uint32_t fpsr, fpcr;
    uint64_t vregs[32][2];
} A64FpsimdRecord;

typedef struct A64SigContext {
    uint64_t fault_address;
    uint64_t regs[31];
    uint64_t sp, pc, pstate;
    uint64_t pad;                   /* __reserved is 16-byte aligned */
    uint8_t reserved[4096];
} A64SigContext;

typedef struct A64UContext {
    uint64_t uc_flags, uc_link;
    uint64_t ss_sp;
    int32_t ss_flags, ss_pad;
    uint64_t ss_size;
    uint64_t uc_sigmask;
    uint8_t unused[120];
    uint64_t align_pad;             /* uc_mcontext is 16-byte aligned */
    A64SigContext mc;
} A64UContext;

typedef struct A64SigFrame {
    uint8_t info[128];
    A64UContext uc;
    uint64_t fp, lr;                /* frame record: x29 points here */
} A64SigFrame;

_Static_assert(__builtin_offsetof(A64UContext, mc) == 176, "uc_mcontext offset");
_Static_assert(__builtin_offsetof(A64SigContext, reserved) == 288, "__reserved offset");
_Static_assert(sizeof(A64FpsimdRecord) == 528, "fpsimd_context size");
_Static_assert(sizeof(A64SigFrame) % 16 == 0, "frame alignment");

/* The return path when the handler has no SA_RESTORER: mov x8, #139; svc #0. */
const uint32_t a64_user_sigtramp[2] = { 0xd2801168, 0xd4000001 };

static void frame_save(A64SigContext *mc, A64CPU *env)
{
    memcpy(mc->regs, env->x, sizeof(mc->regs));
    mc->sp = env->sp;
    mc->pc = env->pc;
    mc->pstate = a64_get_nzcv(env);
    mc->fault_address = env->fault_addr;
    A64FpsimdRecord *r = (A64FpsimdRecord *)mc->reserved;
    r->magic = A64_FPSIMD_MAGIC;
    r->size = sizeof(*r);
    r->fpsr = env->fpsr;
    r->fpcr = env->fpcr;
    memcpy(r->vregs, env->v, sizeof(r->vregs));
    /* The terminating null record follows (the frame was zeroed). */
}

/* False when the record list is malformed (the kernel then kills with SIGSEGV). */
static bool frame_restore(A64CPU *env, const A64SigContext *mc)
{
    memcpy(env->x, mc->regs, sizeof(env->x));
    env->sp = mc->sp;
    env->pc = mc->pc;
    a64_set_nzcv(env, mc->pstate);
    env->excl_addr = ~(uint64_t)0;
    size_t off = 0;
    while (off + 8 <= sizeof(mc->reserved)) {
        uint32_t magic, size;
        memcpy(&magic, mc->reserved + off, 4);
        memcpy(&size, mc->reserved + off + 4, 4);
        if (magic == 0)
            return true;
        if (size < 8 || size % 16 || size > sizeof(mc->reserved) - off)
            return false;
        if (magic == A64_FPSIMD_MAGIC) {
            A64FpsimdRecord r;
            if (size < sizeof(r))
                return false;
            memcpy(&r, mc->reserved + off, sizeof(r));
            env->fpsr = r.fpsr & A64_FPSR_MASK;
            env->fpcr = r.fpcr & A64_FPCR_MASK;
            memcpy(env->v, r.vregs, sizeof(env->v));
        }
        off += size;
    }
    return false;
}

bool a64_user_setup_frame(CPUState *cpu, int sig, const GuestSigAction *ka,
                          const siginfo_t *info, uint64_t oldmask, uint64_t tramp)
{
    A64CPU *env = a64_cpu(cpu);
    TaskState *ts = cpu->opaque;
    uint64_t addr = sig_frame_addr(ts, ka, env->sp, sizeof(A64SigFrame));
    A64SigFrame *f = user_ptr(addr, sizeof(*f), PAGE_WRITE);
    if (!f)
        return false;
    memset(f, 0, sizeof(*f));
    memcpy(f->info, info, sizeof(f->info));
    f->uc.ss_sp = ts->ss_sp;
    f->uc.ss_size = ts->ss_size;
    f->uc.ss_flags = sig_altstack_flags(ts, env->sp);
    f->uc.uc_sigmask = oldmask;
    frame_save(&f->uc.mc, env);
    f->fp = env->x[29];
    f->lr = env->x[30];
    env->excl_addr = ~(uint64_t)0;
    env->x[0] = (uint64_t)sig;
    env->x[1] = addr;
    env->x[2] = addr + __builtin_offsetof(A64SigFrame, uc);
    env->x[29] = addr + __builtin_offsetof(A64SigFrame, fp);
    env->x[30] = (ka->flags & A64_SA_RESTORER) && ka->restorer ? ka->restorer : tramp;
    env->sp = addr;
    env->pc = ka->handler;
    return true;
}

long a64_user_rt_sigreturn(CPUState *cpu)
{
    A64CPU *env = a64_cpu(cpu);
    TaskState *ts = cpu->opaque;
    A64SigFrame *f = malloc(sizeof(*f));
    if (!f || (env->sp & 15) || user_get(f, env->sp, sizeof(*f)) < 0 ||
        !frame_restore(env, &f->uc.mc)) {
        free(f);
        sig_force(cpu, SIGSEGV, SI_KERNEL, 0);
        return USER_RET_SIGRETURN;
    }
    sig_set_mask(ts, f->uc.uc_sigmask);
    if (!(f->uc.ss_flags & SS_DISABLE) && f->uc.ss_size >= 2048 && !sig_on_altstack(ts, env->sp)) {
        ts->ss_sp = f->uc.ss_sp;
        ts->ss_size = f->uc.ss_size;
    }
    free(f);
    return USER_RET_SIGRETURN;
}
