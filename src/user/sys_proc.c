/* Process syscalls: clone (fork or thread), execve of guest or host programs, wait4/waitid. */
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tcg/jit.h"
#include "syscall_util.h"

#define CLONE_THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD)

/* The JIT's private copy for a fork child is a file (a memfd): the guest's RLIMIT_FSIZE is the
 * guest's business, so it is lifted (unlimited where allowed, else to the hard limit) while
 * trix makes that copy. */
static int fork_copy_jit(void)
{
    struct rlimit saved, rl = { RLIM_INFINITY, RLIM_INFINITY };
    bool lifted = getrlimit(RLIMIT_FSIZE, &saved) == 0 && saved.rlim_cur != RLIM_INFINITY;
    if (lifted && setrlimit(RLIMIT_FSIZE, &rl) != 0) {
        rl = (struct rlimit){ saved.rlim_max, saved.rlim_max };
        setrlimit(RLIMIT_FSIZE, &rl);
    }
    int fd = jit_fork_prepare();    /* the code buffer is a shared mapping: the child's copy */
    if (lifted)
        setrlimit(RLIMIT_FSIZE, &saved);
    return fd;
}

static long clone_fork(uint64_t flags, uint64_t newsp, uint64_t ptid, uint64_t tls, uint64_t ctid)
{
    int csig = (int)(flags & 0xff);
    int hsig = csig ? sig_target_to_host(csig) : 0;
    if (hsig < 0)
        return -EINVAL;
    fflush(NULL);
    int jit_fd = fork_copy_jit();
    pid_t pid = hsig == SIGCHLD ? fork() : (pid_t)syscall(SYS_clone, hsig, 0, 0, 0, 0);
    int err = errno;
    jit_fork_finish(jit_fd, pid == 0);
    if (pid < 0)
        return -err;
    if (pid > 0) {
        if (flags & CLONE_PARENT_SETTID)
            user_put_u32(ptid, (uint32_t)pid);
        return pid;
    }
    user_thread_after_fork();
    sig_after_fork();
    user_target->fork_child_regs(user_task->cpu, newsp, tls, (flags & CLONE_SETTLS) != 0);
    if (flags & CLONE_CHILD_SETTID)
        user_put_u32(ctid, (uint32_t)user_task->tid);
    if (flags & CLONE_CHILD_CLEARTID)
        user_task->clear_child_tid = ctid;
    return 0;
}

/* riscv64 (generic order): clone(flags, newsp, parent_tid, tls, child_tid). */
static long sys_clone(const uint64_t *a)
{
    uint64_t flags = a[0];
    if ((flags & CLONE_VM) && !(flags & CLONE_VFORK)) {
        if ((flags & CLONE_THREAD_FLAGS) != CLONE_THREAD_FLAGS)
            return -EINVAL;
        return user_clone_thread(flags, a[1], a[2], a[3], a[4]);
    }
    if (flags & (CLONE_THREAD | CLONE_SIGHAND | CLONE_NEWNS | CLONE_NEWUSER | CLONE_NEWPID))
        return -EINVAL;
    return clone_fork(flags, a[1], a[2], a[3], a[4]);
}

/* clone3(args, size): the clone_args fields mapped onto clone (no pidfd, set_tid, cgroup). */
static long sys_clone3(const uint64_t *a)
{
    uint64_t ca[11] = { 0 };    /* flags pidfd child_tid parent_tid exit_signal stack
                                 * stack_size tls set_tid set_tid_size cgroup */
    if (a[1] < 64 || a[1] > 4096)
        return -EINVAL;
    if (user_get(ca, a[0], a[1] < sizeof(ca) ? a[1] : sizeof(ca)) < 0)
        return -EFAULT;
    if ((ca[0] & 0xff) || ca[4] > 64 || ca[8] || ca[9] || ca[10] ||
        (ca[0] & (CLONE_PIDFD | 0x100000000ull /* CLONE_CLEAR_SIGHAND */ |
                  0x200000000ull /* CLONE_INTO_CGROUP */)))
        return -EINVAL;
    if ((ca[5] == 0) != (ca[6] == 0))
        return -EINVAL;
    uint64_t args[6] = { ca[0] | ca[4], ca[5] ? ca[5] + ca[6] : 0, ca[3], ca[7], ca[2], 0 };
    return sys_clone(args);
}

/* Arguments for re-executing trix on another guest program, keeping our options. */
static char **exec_trix_argv(const char *path, char **argv)
{
    int n = 0;
    while (argv[n])
        n++;
    char **v = trix_malloc0((size_t)(n + 16) * sizeof(*v));
    int k = 0;
    v[k++] = (char *)trix_progname;
    if (user_opts.ld_prefix) {
        v[k++] = "-L";
        v[k++] = (char *)user_opts.ld_prefix;
    }
    if (user_opts.log_items) {
        v[k++] = "-d";
        v[k++] = (char *)user_opts.log_items;
    }
    if (user_opts.log_file) {
        v[k++] = "-D";
        v[k++] = (char *)user_opts.log_file;
    }
    if (user_opts.strace)
        v[k++] = "-strace";
    if (user_opts.cpu_model) {          /* the extension switches hold across execve */
        v[k++] = "-cpu";
        v[k++] = (char *)user_opts.cpu_model;
    }
    if (n > 0) {
        v[k++] = "-0";
        v[k++] = argv[0];
    }
    v[k++] = "--";
    v[k++] = (char *)path;
    for (int i = 1; i < n; i++)
        v[k++] = argv[i];
    v[k] = NULL;
    return v;
}

static long sys_execve(const uint64_t *a)
{
    GPATH(path, a[0]);
    if (user_is_self_exe(path))
        path = user_exec_path;
    int err;
    char **argv = user_strvec(a[1], &err);
    if (!argv)
        return err;
    char **envp = user_strvec(a[2], &err);
    if (!envp) {
        user_strvec_free(argv);
        return err;
    }
    long r;
    sig_before_exec();
    if (access(path, X_OK) != 0) {
        r = -errno;
    } else if (elf_is_target(path)) {
        char **v = exec_trix_argv(path, argv);
        execve("/proc/self/exe", v, envp);
        r = -errno;
        free(v);
    } else {
        execve(path, argv, envp);
        r = -errno;
    }
    user_strvec_free(argv);
    user_strvec_free(envp);
    return r;
}

/* Wait statuses carry signal numbers: map the host's to the guest's. */
static int wait_status_to_target(int st)
{
    if (WIFSIGNALED(st))
        return (st & ~0x7f) | (sig_host_to_target(WTERMSIG(st)) & 0x7f);
    if (WIFSTOPPED(st))
        return (st & 0xff) | (sig_host_to_target(WSTOPSIG(st)) << 8) | (st & ~0xffff);
    return st;
}

static long sys_wait4(const uint64_t *a)
{
    /* As Linux: the status and rusage are written after the wait (EFAULT then). */
    int st = 0;
    struct rusage ru;
    long r = USER_SAFE(SYS_wait4, (pid_t)a[0], &st, (int)a[2], a[3] ? &ru : NULL);
    if (r <= 0)
        return r;
    if (a[1] && user_put_u32(a[1], (uint32_t)wait_status_to_target(st)) < 0)
        return -EFAULT;
    if (a[3] && user_put(a[3], &ru, sizeof(ru)) < 0)
        return -EFAULT;
    return r;
}

static long sys_waitid(const uint64_t *a)
{
    siginfo_t info;
    struct rusage ru;
    memset(&info, 0, sizeof(info));
    long r = USER_SAFE(SYS_waitid, (int)a[0], (id_t)a[1], &info, (int)a[3], a[4] ? &ru : NULL);
    if (r < 0)
        return r;
    if (info.si_signo)
        info.si_signo = sig_host_to_target(info.si_signo);
    if (info.si_code == CLD_KILLED || info.si_code == CLD_DUMPED || info.si_code == CLD_STOPPED)
        info.si_status = sig_host_to_target(info.si_status);
    if (a[2] && user_put(a[2], &info, sizeof(info)) < 0)
        return -EFAULT;
    if (a[4] && user_put(a[4], &ru, sizeof(ru)) < 0)
        return -EFAULT;
    return r;
}

static long sys_unshare(const uint64_t *a) { return HRET(unshare((int)a[0])); }

void sys_proc_register(SysDef *tab)
{
    REG(clone, "xppxp", 0);
    REG(clone3, "pu", 0);
    REG(execve, "spp", 0);
    REG(wait4, "dpxp", 0);
    REG(waitid, "ddpxp", 0);
    REG(unshare, "x", 0);
}
