/* Guest signals: dispositions, masks mirrored onto host threads, queueing and delivery. */
/*
 * Each guest thread is a host thread, so the host kernel does most of the work: the guest's
 * blocked set is mirrored into the host thread's mask, guest SIG_IGN/SIG_DFL become the same
 * host dispositions (so default deaths, stops, zombie reaping and exec inheritance are the
 * kernel's own), and only guest handlers get a host handler. That handler never runs guest
 * code: it records the signal and its siginfo in the thread's TaskState (`pending`), adds the
 * signal to the mask it returns to, and sets exit_request; the cpu loop delivers it at the
 * next block boundary or after the interrupted (EINTR) syscall, and only then unblocks it.
 * So the host kernel keeps every queue: real-time signals queue with their own siginfo under
 * RLIMIT_SIGPENDING (sigqueue gets EAGAIN), standard ones coalesce, process-directed signals
 * go to a thread that does not block them and thread-directed ones stay with their thread,
 * and at most one instance of each signal is ever held here.
 * Host SIGSEGV/SIGBUS are always ours: faults inside the guest reservation become guest faults.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>
#include "trix/guest_mem.h"
#include "trix/tier.h"
#include "user.h"

#define TSIG_MAX 64
#define HOST_RT_SHIFT 2                 /* guest 32..62 <-> host 34..64 (glibc keeps 32, 33) */
#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1u << 31)
#endif
#define BIT(s) (1ull << ((s) - 1))

GuestSigAction sig_actions[TSIG_MAX + 1];

int sig_host_to_target(int hsig)
{
    if (hsig >= 1 && hsig < 32)
        return hsig;
    if (hsig >= 32 + HOST_RT_SHIFT && hsig <= 64)
        return hsig - HOST_RT_SHIFT;
    return -1;
}

int sig_target_to_host(int tsig)
{
    if (tsig >= 1 && tsig < 32)
        return tsig;
    if (tsig >= 32 && tsig <= 64 - HOST_RT_SHIFT)
        return tsig + HOST_RT_SHIFT;
    return -1;
}

static bool sig_is_core(int s)
{
    return s == SIGQUIT || s == SIGILL || s == SIGTRAP || s == SIGABRT || s == SIGBUS ||
           s == SIGFPE || s == SIGSEGV || s == SIGXCPU || s == SIGXFSZ || s == SIGSYS;
}

static bool sig_default_ignored(int s)
{
    return s == SIGCHLD || s == SIGURG || s == SIGWINCH || s == SIGCONT ||
           s == SIGSTOP || s == SIGTSTP || s == SIGTTIN || s == SIGTTOU;
}

static sigset_t sig_host_set(uint64_t tmask)
{
    sigset_t hs;
    sigemptyset(&hs);
    for (int s = 1; s <= TSIG_MAX; s++) {
        int h = sig_target_to_host(s);
        if ((tmask & BIT(s)) && h > 0 && s != SIGSEGV && s != SIGBUS)
            sigaddset(&hs, h);
    }
    return hs;
}

static uint64_t sig_target_set(const sigset_t *hs)
{
    uint64_t m = 0;
    for (int h = 1; h <= 64; h++) {
        int s = sig_host_to_target(h);
        if (s > 0 && sigismember(hs, h) == 1)
            m |= BIT(s);
    }
    return m;
}

/* The host mask is the guest's plus the signals held in `pending` (their next instance must
 * wait in the host kernel's queue); all are blocked while it is computed. */
static void sig_sync_host_mask(TaskState *ts)
{
    sigset_t all, hs;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, NULL);
    hs = sig_host_set(ts->sigmask | ts->pending);
    pthread_sigmask(SIG_SETMASK, &hs, NULL);
}

void sig_set_mask(TaskState *ts, uint64_t mask)
{
    ts->sigmask = mask & ~(BIT(SIGKILL) | BIT(SIGSTOP));
    sig_sync_host_mask(ts);
}

bool sig_deliverable(TaskState *ts)
{
    return (ts->pending & ~ts->sigmask) != 0;
}

static void sig_queue(int hsig, const siginfo_t *si, ucontext_t *uc)
{
    TaskState *ts = user_task;
    int tsig = sig_host_to_target(hsig);
    if (!ts || tsig <= 0)
        return;
    ts->pending_info[tsig - 1] = *si;
    ts->pending_info[tsig - 1].si_signo = tsig;
    __atomic_or_fetch(&ts->pending, BIT(tsig), __ATOMIC_SEQ_CST);
    if (hsig != SIGSEGV && hsig != SIGBUS)
        sigaddset(&uc->uc_sigmask, hsig);   /* the next one waits in the host queue */
    ts->sig_ready = 1;
    user_safe_syscall_signal(uc);
    if (ts->cpu)
        cpu_exit_request(ts->cpu);
}

static void sig_host_handler(int hsig, siginfo_t *si, void *uc)
{
    int saved = errno;
    sig_queue(hsig, si, uc);
    errno = saved;
}

static NORETURN void sig_internal_crash(int hsig, const siginfo_t *si, void *ucv)
{
    char msg[200];
    uintptr_t pc = 0;
#if defined(__x86_64__)
    pc = (uintptr_t)((ucontext_t *)ucv)->uc_mcontext.gregs[REG_RIP];
#endif
    (void)ucv;
    int n = snprintf(msg, sizeof(msg), "%s: internal error: host signal %d at address %p "
                     "outside guest code (host pc %#lx)\n", trix_progname, hsig, si->si_addr,
                     (unsigned long)pc);
    if (write(2, msg, (size_t)n) < 0)
        abort();
    signal(SIGABRT, SIG_DFL);
    abort();
}

static bool sig_fault_is_write(void *ucv)
{
#if defined(__x86_64__)
    ucontext_t *uc = ucv;
    return (uc->uc_mcontext.gregs[REG_ERR] & 2) != 0;
#else
    return true;    /* only used to try the code-page unprotect first; loads then refault */
#endif
}

static void sig_host_fault(int hsig, siginfo_t *si, void *ucv)
{
    if (si->si_code <= 0) {         /* sent by kill/tgkill: an ordinary asynchronous signal */
        sig_host_handler(hsig, si, ucv);
        return;
    }
    CPUState *cpu = current_cpu;
    uintptr_t a = (uintptr_t)si->si_addr;
    if (!cpu || !cpu->running || a - guest_base >= guest_addr_max)
        sig_internal_crash(hsig, si, ucv);
    uint64_t g = a - guest_base;
    bool write = sig_fault_is_write(ucv);
    if (hsig == SIGSEGV && write && mmap_unprotect_page(g))
        return;
    if (hsig == SIGBUS && user_task)
        user_task->host_sigbus = true;
#if defined(__x86_64__)
    /* JIT code may hold newer guest registers in host registers: store them, and the pc */
    exec_host_pc_to_state((uintptr_t)((ucontext_t *)ucv)->uc_mcontext.gregs[REG_RIP], cpu, ucv);
#endif
    cpu_mem_fault(cpu, g, write ? MMU_DATA_STORE : MMU_DATA_LOAD,
                  hsig == SIGBUS ? FAULT_ACCESS : FAULT_PAGE);
}

/* Make the host disposition follow the guest's. */
static void sig_update_host(int tsig)
{
    int h = sig_target_to_host(tsig);
    if (h <= 0 || tsig == SIGSEGV || tsig == SIGBUS || tsig == SIGKILL || tsig == SIGSTOP)
        return;
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    const GuestSigAction *ka = &sig_actions[tsig];
    if (ka->handler == TARGET_SIG_DFL) {
        sa.sa_handler = SIG_DFL;
        sa.sa_flags = (int)(ka->flags & (SA_NOCLDSTOP | SA_NOCLDWAIT));
    } else if (ka->handler == TARGET_SIG_IGN) {
        sa.sa_handler = SIG_IGN;
    } else {
        sa.sa_sigaction = sig_host_handler;
        sa.sa_flags = SA_SIGINFO | (int)(ka->flags & (SA_NOCLDSTOP | SA_NOCLDWAIT));
        sigfillset(&sa.sa_mask);
    }
    sigaction(h, &sa, NULL);
}

static void sig_install_fault(int hsig)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = sig_host_fault;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(hsig, &sa, NULL);
}

void sig_init(void)
{
    /* Ignored dispositions and the blocked set survive execve, as for a native program. */
    for (int s = 1; s <= TSIG_MAX; s++) {
        struct sigaction old;
        int h = sig_target_to_host(s);
        if (h > 0 && sigaction(h, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            sig_actions[s].handler = TARGET_SIG_IGN;
    }
    sig_install_fault(SIGSEGV);
    sig_install_fault(SIGBUS);
    sigset_t cur;
    pthread_sigmask(SIG_SETMASK, NULL, &cur);
    sig_set_mask(user_task, sig_target_set(&cur));
}

/* A fork child starts with no pending signals. */
void sig_after_fork(void)
{
    if (user_task) {
        user_task->pending = 0;
        user_task->strace_logged = 0;
        sig_sync_host_mask(user_task);
    }
}

/* Before execve: the new image inherits the guest's mask, not the held signals. */
void sig_before_exec(void)
{
    TaskState *ts = user_task;
    sigset_t hs = sig_host_set(ts->sigmask);
    pthread_sigmask(SIG_SETMASK, &hs, NULL);
}

/* One line that tells a guest's death by a signal from a crash of trix itself. */
static void sig_report_death(int tsig)
{
    char msg[200];
    const char *name = tsig < 32 ? strsignal(tsig) : "Real-time signal";
    int n = snprintf(msg, sizeof(msg), "%s: guest program killed by signal %d (%s)%s\n",
                     trix_progname, tsig, name, sig_is_core(tsig) ? ", no core dump" : "");
    if (n > 0 && write(2, msg, (size_t)n) < 0)
        return;
}

void sig_die(int tsig)
{
    int h = sig_target_to_host(tsig);
    sig_report_death(tsig);
    fflush(stdout);
    fflush(stderr);
    if (trix_log_file)
        fflush(trix_log_file);
    if (h > 0) {
        if (sig_is_core(tsig)) {        /* like qemu: no host core of the emulator */
            struct rlimit rl = { 0, 0 };
            setrlimit(RLIMIT_CORE, &rl);
        }
        signal(h, SIG_DFL);
        sigset_t hs;
        sigemptyset(&hs);
        sigaddset(&hs, h);
        pthread_sigmask(SIG_UNBLOCK, &hs, NULL);
        kill(getpid(), h);
        raise(h);
    }
    _exit(128 + tsig);
}

static void sig_deliver(CPUState *cpu, TaskState *ts, int sig, const siginfo_t *info)
{
    GuestSigAction *ka = &sig_actions[sig];
    if (ka->handler == TARGET_SIG_IGN)
        return;
    if (ka->handler == TARGET_SIG_DFL) {
        if (!sig_default_ignored(sig))
            sig_die(sig);
        return;
    }
    if (ts->in_restart && !(ka->flags & SA_RESTART))
        user_target->syscall_return(cpu, -EINTR);
    ts->in_restart = false;
    uint64_t oldmask = ts->saved_sigmask_valid ? ts->saved_sigmask : ts->sigmask;
    ts->saved_sigmask_valid = false;
    log_mask(LOG_INT, "delivering guest signal %d\n", sig);
    if (!user_target->setup_frame(cpu, sig, ka, info, oldmask, user_sigtramp_addr))
        sig_die(SIGSEGV);
    uint64_t newmask = ts->sigmask | ka->mask;
    if (!(ka->flags & SA_NODEFER))
        newmask |= BIT(sig);
    if (ka->flags & SA_RESETHAND) {
        ka->handler = TARGET_SIG_DFL;
        sig_update_host(sig);
    }
    sig_set_mask(ts, newmask);
}

/* -strace: signals caught since the last look, then each delivery. */
static void sig_strace_queued(TaskState *ts)
{
    uint64_t fresh = ts->pending & ~ts->strace_logged;
    for (int s = 1; fresh; s++, fresh >>= 1)
        if (fresh & 1)
            strace_signal("queued", s, &ts->pending_info[s - 1]);
    ts->strace_logged = ts->pending;
}

/* Take held signal `sig` out of `pending` (the caller unblocks its next instance). */
static void sig_take(TaskState *ts, int sig, siginfo_t *info)
{
    *info = ts->pending_info[sig - 1];
    info->si_signo = sig;
    __atomic_and_fetch(&ts->pending, ~BIT(sig), __ATOMIC_SEQ_CST);
    ts->strace_logged &= ~BIT(sig);
}

void sig_handle_pending(CPUState *cpu)
{
    TaskState *ts = cpu->opaque;
    uint64_t ready;
    bool taken = false;
    bool trace = log_enabled(LOG_STRACE);
    if (trace && (ts->pending & ~ts->strace_logged))
        sig_strace_queued(ts);
    while ((ready = ts->pending & ~ts->sigmask) != 0) {
        int sig = __builtin_ctzll(ready) + 1;
        siginfo_t info;
        sig_take(ts, sig, &info);
        taken = true;
        if (trace)
            strace_signal("delivered", sig, &info);
        sig_deliver(cpu, ts, sig, &info);
    }
    ts->sig_ready = 0;
    if (taken)
        sig_sync_host_mask(ts);
    ts->in_restart = false;
    if (ts->saved_sigmask_valid) {
        ts->saved_sigmask_valid = false;
        sig_set_mask(ts, ts->saved_sigmask);
    }
}

void sig_force(CPUState *cpu, int sig, int code, uint64_t addr)
{
    TaskState *ts = cpu->opaque;
    siginfo_t info;
    memset(&info, 0, sizeof(info));
    info.si_signo = sig;
    info.si_code = code;
    info.si_addr = (void *)(uintptr_t)addr;
    const GuestSigAction *ka = &sig_actions[sig];
    if (ka->handler == TARGET_SIG_DFL || ka->handler == TARGET_SIG_IGN || (ts->sigmask & BIT(sig)))
        sig_die(sig);
    sig_deliver(cpu, ts, sig, &info);
}

/* ---- syscalls ---- */

/* struct sigaction in guest memory: the generic layout, or with sa_restorer before the mask. */
static int sigaction_get(GuestSigAction *act, uint64_t addr)
{
    uint64_t w[4] = { 0 };
    bool r = user_target->sa_restorer;
    if (user_get(w, addr, (r ? 4 : 3) * sizeof(uint64_t)) < 0)
        return -EFAULT;
    *act = (GuestSigAction){ .handler = w[0], .flags = w[1], .restorer = r ? w[2] : 0,
                             .mask = r ? w[3] : w[2] };
    return 0;
}

static int sigaction_put(uint64_t addr, const GuestSigAction *act)
{
    bool r = user_target->sa_restorer;
    uint64_t w[4] = { act->handler, act->flags, r ? act->restorer : act->mask, act->mask };
    return user_put(addr, w, (r ? 4 : 3) * sizeof(uint64_t));
}

static long sys_rt_sigaction(const uint64_t *a)
{
    int sig = (int)a[0];
    GuestSigAction act;
    if (a[3] != 8 || sig < 1 || sig > TSIG_MAX)
        return -EINVAL;
    if (a[1] && sigaction_get(&act, a[1]) < 0)
        return -EFAULT;
    if (a[2] && sigaction_put(a[2], &sig_actions[sig]) < 0)
        return -EFAULT;
    if (!a[1])
        return 0;
    if (sig == SIGKILL || sig == SIGSTOP)
        return -EINVAL;
    act.mask &= ~(BIT(SIGKILL) | BIT(SIGSTOP));
    sig_actions[sig] = act;
    sig_update_host(sig);
    return 0;
}

static long sys_rt_sigprocmask(const uint64_t *a)
{
    TaskState *ts = user_task;
    uint64_t set, old = ts->sigmask;
    if (a[3] != 8)
        return -EINVAL;
    if (a[1]) {
        if (user_get(&set, a[1], 8) < 0)
            return -EFAULT;
        switch (a[0]) {
        case SIG_BLOCK: set = old | set; break;
        case SIG_UNBLOCK: set = old & ~set; break;
        case SIG_SETMASK: break;
        default: return -EINVAL;
        }
    }
    if (a[2] && user_put_u64(a[2], old) < 0)
        return -EFAULT;
    if (a[1])
        sig_set_mask(ts, set);
    return 0;
}

static long sys_rt_sigpending(const uint64_t *a)
{
    sigset_t hs;
    if (a[1] != 8)
        return -EINVAL;
    sigpending(&hs);
    uint64_t m = (sig_target_set(&hs) | user_task->pending) & user_task->sigmask;
    return user_put_u64(a[0], m);
}

static long sys_rt_sigsuspend(const uint64_t *a)
{
    TaskState *ts = user_task;
    uint64_t set;
    if (a[1] != 8)
        return -EINVAL;
    if (user_get(&set, a[0], 8) < 0)
        return -EFAULT;
    ts->saved_sigmask = ts->sigmask;
    ts->saved_sigmask_valid = true;
    sig_set_mask(ts, set);
    sigset_t hs = sig_host_set(ts->sigmask | ts->pending);
    USER_SAFE(SYS_rt_sigsuspend, &hs, 8);
    return -EINTR;
}

static int sig_take_queued(TaskState *ts, uint64_t set, siginfo_t *info)
{
    uint64_t ready = ts->pending & set;
    if (!ready)
        return 0;
    int sig = __builtin_ctzll(ready) + 1;
    sig_take(ts, sig, info);
    sig_sync_host_mask(ts);
    return sig;
}

static long sys_rt_sigtimedwait(const uint64_t *a)
{
    uint64_t set;
    struct timespec ts, *tp = NULL;
    siginfo_t info;
    if (a[3] != 8)
        return -EINVAL;
    if (user_get(&set, a[0], 8) < 0 || (a[2] && user_get(&ts, a[2], sizeof(ts)) < 0))
        return -EFAULT;
    if (a[2])
        tp = &ts;
    int sig = sig_take_queued(user_task, set, &info);
    if (!sig) {
        sigset_t hs = sig_host_set(set);
        long r = USER_SAFE(SYS_rt_sigtimedwait, &hs, &info, tp, 8);
        if (r < 0)
            return r;
        sig = sig_host_to_target((int)r);
    }
    info.si_signo = sig;
    if (a[1] && user_put(a[1], &info, sizeof(info)) < 0)
        return -EFAULT;
    return sig;
}

bool sig_on_altstack(const TaskState *ts, uint64_t sp)
{
    return ts->ss_size && sp - ts->ss_sp <= ts->ss_size;
}

int sig_altstack_flags(const TaskState *ts, uint64_t sp)
{
    return !ts->ss_size ? SS_DISABLE : sig_on_altstack(ts, sp) ? SS_ONSTACK : 0;
}

uint64_t sig_frame_addr(const TaskState *ts, const GuestSigAction *ka, uint64_t sp, size_t size)
{
    if ((ka->flags & SA_ONSTACK) && ts->ss_size && !sig_on_altstack(ts, sp))
        sp = ts->ss_sp + ts->ss_size;
    return (sp - size) & ~(uint64_t)15;
}

static long sys_sigaltstack(const uint64_t *a)
{
    TaskState *ts = user_task;
    struct { uint64_t sp; int32_t flags, pad; uint64_t size; } ss, old;
    uint64_t sp = user_target->get_sp(ts->cpu);
    bool on = sig_on_altstack(ts, sp);
    old.sp = ts->ss_sp;
    old.size = ts->ss_size;
    old.pad = 0;
    old.flags = on ? SS_ONSTACK : (ts->ss_size ? 0 : SS_DISABLE);
    if (a[0]) {
        if (user_get(&ss, a[0], sizeof(ss)) < 0)
            return -EFAULT;
        if (on)
            return -EPERM;
        if (ss.flags & ~(SS_DISABLE | SS_AUTODISARM))
            return -EINVAL;
    }
    if (a[1] && user_put(a[1], &old, sizeof(old)) < 0)
        return -EFAULT;
    if (!a[0])
        return 0;
    if (ss.flags & SS_DISABLE) {
        ts->ss_sp = ts->ss_size = 0;
        return 0;
    }
    if (ss.size < 2048)
        return -ENOMEM;
    ts->ss_sp = ss.sp;
    ts->ss_size = ss.size;
    return 0;
}

static long sig_host_or_inval(uint64_t tsig)
{
    if (tsig == 0)
        return 0;
    int h = sig_target_to_host((int)tsig);
    return h > 0 ? h : -EINVAL;
}

static long sys_kill(const uint64_t *a)
{
    long h = sig_host_or_inval(a[1]);
    return h < 0 ? h : HRET(kill((pid_t)a[0], (int)h));
}

static long sys_tkill(const uint64_t *a)
{
    long h = sig_host_or_inval(a[1]);
    return h < 0 ? h : HRET(syscall(SYS_tkill, (pid_t)a[0], (int)h));
}

static long sys_tgkill(const uint64_t *a)
{
    long h = sig_host_or_inval(a[2]);
    return h < 0 ? h : HRET(syscall(SYS_tgkill, (pid_t)a[0], (pid_t)a[1], (int)h));
}

static long sys_rt_sigqueueinfo(const uint64_t *a)
{
    siginfo_t info;
    long h = sig_host_or_inval(a[1]);
    if (h < 0)
        return h;
    if (user_get(&info, a[2], sizeof(info)) < 0)
        return -EFAULT;
    info.si_signo = (int)h;
    return HRET(syscall(SYS_rt_sigqueueinfo, (pid_t)a[0], (int)h, &info));
}

static long sys_rt_tgsigqueueinfo(const uint64_t *a)
{
    siginfo_t info;
    long h = sig_host_or_inval(a[2]);
    if (h < 0)
        return h;
    if (user_get(&info, a[3], sizeof(info)) < 0)
        return -EFAULT;
    info.si_signo = (int)h;
    return HRET(syscall(SYS_rt_tgsigqueueinfo, (pid_t)a[0], (pid_t)a[1], (int)h, &info));
}

static long sys_pidfd_send_signal(const uint64_t *a)
{
    siginfo_t info, *ip = NULL;
    long h = sig_host_or_inval(a[1]);
    if (h < 0)
        return h;
    if (a[2]) {
        if (user_get(&info, a[2], sizeof(info)) < 0)
            return -EFAULT;
        info.si_signo = (int)h;
        ip = &info;
    }
    return HRET(syscall(SYS_pidfd_send_signal, (int)a[0], (int)h, ip, (unsigned)a[3]));
}

static long sys_pidfd_open(const uint64_t *a)
{
    return HRET(syscall(SYS_pidfd_open, (pid_t)a[0], (unsigned)a[1]));
}

static long sys_pidfd_getfd(const uint64_t *a)
{
    return HRET(syscall(SYS_pidfd_getfd, (int)a[0], (int)a[1], (unsigned)a[2]));
}

static long sys_rt_sigreturn(const uint64_t *a)
{
    return user_target->rt_sigreturn(user_task->cpu);
}

#include "syscall_nr.h"
#define REG(n, f, fl) tab[TNR_##n] = (SysDef){ #n, sys_##n, f, fl }

void sys_sig_register(SysDef *tab)
{
    REG(rt_sigaction, "dppd", 0);
    REG(rt_sigprocmask, "dppd", 0);
    REG(rt_sigpending, "pd", 0);
    REG(rt_sigsuspend, "pd", SC_NORESTART);
    REG(rt_sigtimedwait, "pppd", SC_NORESTART);
    REG(sigaltstack, "pp", 0);
    REG(kill, "dd", 0);
    REG(tkill, "dd", 0);
    REG(tgkill, "ddd", 0);
    REG(rt_sigqueueinfo, "ddp", 0);
    REG(rt_tgsigqueueinfo, "dddp", 0);
    REG(rt_sigreturn, "", SC_NOSTRACE_RET);
    REG(pidfd_send_signal, "ddpx", 0);
    REG(pidfd_open, "dx", 0);
    REG(pidfd_getfd, "ddx", 0);
}
