/* riscv64 signal frames: the kernel's rt_sigframe layout, handler entry and rt_sigreturn. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include "trix/guest_mem.h"
#include "target/riscv64/cpu.h"
#include "rv_user.h"

/* struct rt_sigframe { siginfo info; struct ucontext uc; } with uc_mcontext 16-byte aligned:
 * sc_regs {pc, x1..x31}, then the fp state {f[32], fcsr} padded to the Q-extension size. */
typedef struct TargetUContext {
    uint64_t uc_flags;
    uint64_t uc_link;
    uint64_t ss_sp;
    int32_t ss_flags, ss_pad;
    uint64_t ss_size;
    uint64_t uc_sigmask;
    uint8_t unused[120];
    uint64_t align_pad;             /* uc_mcontext is 16-byte aligned */
    uint64_t regs[32];              /* regs[0] = pc */
    uint64_t fpr[32];
    uint32_t fcsr;
    uint8_t fp_reserved[528 - 256 - 4];
} TargetUContext;

typedef struct TargetSigFrame {
    uint8_t info[128];
    TargetUContext uc;
} TargetSigFrame;

_Static_assert(sizeof(TargetUContext) == 960, "riscv64 ucontext size");
_Static_assert(__builtin_offsetof(TargetUContext, regs) == 176, "uc_mcontext offset");
_Static_assert(sizeof(TargetSigFrame) == 1088, "riscv64 rt_sigframe size");

/* The return path of every handler: li a7, 139 (rt_sigreturn); ecall. */
const uint32_t rv_user_sigtramp[2] = { 0x08b00893, 0x00000073 };

static void frame_save_regs(TargetUContext *uc, const RVCPU *env)
{
    uc->regs[0] = env->pc;
    for (int i = 1; i < 32; i++)
        uc->regs[i] = env->gpr[i];
    memcpy(uc->fpr, env->fpr, sizeof(uc->fpr));
    uc->fcsr = (env->frm << 5) | env->fflags;
}

static void frame_restore_regs(RVCPU *env, const TargetUContext *uc)
{
    env->pc = uc->regs[0];
    for (int i = 1; i < 32; i++)
        env->gpr[i] = uc->regs[i];
    memcpy(env->fpr, uc->fpr, sizeof(uc->fpr));
    env->frm = (uc->fcsr >> 5) & 7;
    env->fflags = uc->fcsr & 0x1f;
    env->load_res = ~(uint64_t)0;
}

bool rv_user_setup_frame(CPUState *cpu, int sig, const GuestSigAction *ka,
                         const siginfo_t *info, uint64_t oldmask, uint64_t tramp)
{
    RVCPU *env = rv_cpu(cpu);
    TaskState *ts = cpu->opaque;
    uint64_t sp = env->gpr[2];
    uint64_t addr = sig_frame_addr(ts, ka, sp, sizeof(TargetSigFrame));
    TargetSigFrame *f = user_ptr(addr, sizeof(*f), PAGE_WRITE);
    if (!f)
        return false;
    memset(f, 0, sizeof(*f));
    memcpy(f->info, info, sizeof(f->info));
    f->uc.ss_sp = ts->ss_sp;
    f->uc.ss_size = ts->ss_size;
    f->uc.ss_flags = sig_altstack_flags(ts, sp);
    f->uc.uc_sigmask = oldmask;
    frame_save_regs(&f->uc, env);
    env->gpr[1] = tramp;
    env->gpr[2] = addr;
    env->gpr[10] = (uint64_t)sig;
    env->gpr[11] = addr;
    env->gpr[12] = addr + __builtin_offsetof(TargetSigFrame, uc);
    env->pc = ka->handler;
    return true;
}

long rv_user_rt_sigreturn(CPUState *cpu)
{
    RVCPU *env = rv_cpu(cpu);
    TaskState *ts = cpu->opaque;
    TargetSigFrame f;
    if (user_get(&f, env->gpr[2], sizeof(f)) < 0) {
        sig_force(cpu, SIGSEGV, SI_KERNEL, 0);
        return USER_RET_SIGRETURN;
    }
    frame_restore_regs(env, &f.uc);
    sig_set_mask(ts, f.uc.uc_sigmask);
    if (!(f.uc.ss_flags & SS_DISABLE) && f.uc.ss_size >= 2048 &&
        !sig_on_altstack(ts, env->gpr[2])) {
        ts->ss_sp = f.uc.ss_sp;
        ts->ss_size = f.uc.ss_size;
    }
    return USER_RET_SIGRETURN;
}
