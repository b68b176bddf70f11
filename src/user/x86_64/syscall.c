/* x86-64 system calls: numbers mapped onto the shared (asm-generic) table, the legacy calls
 * rewritten as their *at / 2 forms, and the few that need code of their own (arch_prctl...). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "target/x86_64/cpu.h"
#include "../syscall_util.h"
#include "x86_user.h"
#include "x86_syscall_nr.h"

#define X86_AT_FDCWD ((uint64_t)-100)

static int16_t x86_nr_map[512];
static bool x86_nr_map_ready;

static void x86_nr_map_init(void)
{
    memset(x86_nr_map, 0xff, sizeof x86_nr_map);
#define X(nr, name) x86_nr_map[nr] = TNR_##name;
    X86_SYSCALLS(X)
#undef X
    for (int nr = 424; nr < 512 && nr < TNR_COUNT; nr++)
        x86_nr_map[nr] = (int16_t)nr;
    x86_nr_map_ready = true;
}

/* Shift the arguments up by n and put v0, v1 in front (e.g. AT_FDCWD before a path). */
static void args_insert(uint64_t a[6], int at, uint64_t v)
{
    memmove(&a[at + 1], &a[at], (size_t)(5 - at) * sizeof a[0]);
    a[at] = v;
}

/* The legacy path calls as their *at forms; -1 when nr is not one of them. */
static int x86_rewrite_legacy(int nr, uint64_t a[6])
{
    switch (nr) {
    case 2: args_insert(a, 0, X86_AT_FDCWD); return TNR_openat;                /* open */
    case 85: a[2] = a[1]; a[1] = O_CREAT | O_WRONLY | O_TRUNC;                  /* creat */
             args_insert(a, 0, X86_AT_FDCWD); return TNR_openat;
    case 4: case 6: args_insert(a, 0, X86_AT_FDCWD);                            /* stat, lstat */
             a[3] = nr == 6 ? AT_SYMLINK_NOFOLLOW : 0; return TNR_newfstatat;
    case 21: args_insert(a, 0, X86_AT_FDCWD); a[3] = 0; return TNR_faccessat;   /* access */
    case 22: a[1] = 0; return TNR_pipe2;                                        /* pipe */
    case 82: args_insert(a, 1, X86_AT_FDCWD);                                   /* rename */
             args_insert(a, 0, X86_AT_FDCWD); return TNR_renameat;
    case 83: args_insert(a, 0, X86_AT_FDCWD); return TNR_mkdirat;               /* mkdir */
    case 84: args_insert(a, 0, X86_AT_FDCWD); a[2] = AT_REMOVEDIR; return TNR_unlinkat;
    case 86: args_insert(a, 1, X86_AT_FDCWD); args_insert(a, 0, X86_AT_FDCWD);  /* link */
             a[4] = 0; return TNR_linkat;
    case 87: args_insert(a, 0, X86_AT_FDCWD); a[2] = 0; return TNR_unlinkat;    /* unlink */
    case 88: args_insert(a, 1, X86_AT_FDCWD); return TNR_symlinkat;             /* symlink */
    case 89: args_insert(a, 0, X86_AT_FDCWD); return TNR_readlinkat;            /* readlink */
    case 90: args_insert(a, 0, X86_AT_FDCWD); return TNR_fchmodat;              /* chmod */
    case 92: case 94: args_insert(a, 0, X86_AT_FDCWD);                          /* chown, lchown */
             a[4] = nr == 94 ? AT_SYMLINK_NOFOLLOW : 0; return TNR_fchownat;
    case 133: args_insert(a, 0, X86_AT_FDCWD); return TNR_mknodat;              /* mknod */
    default: return -1;
    }
}

/* The other legacy calls with a direct generic equivalent. */
static int x86_rewrite_other(int nr, uint64_t a[6])
{
    uint64_t t;
    switch (nr) {
    case 56: t = a[3]; a[3] = a[4]; a[4] = t; return TNR_clone;     /* x86: ..., ctid, tls */
    case 57: memset(a, 0, 6 * sizeof a[0]); a[0] = 17; return TNR_clone;           /* fork */
    case 58: memset(a, 0, 6 * sizeof a[0]); a[0] = 0x4000 | 0x100 | 17;            /* vfork */
             return TNR_clone;
    case 34: memset(a, 0, 6 * sizeof a[0]); return TNR_ppoll;                      /* pause */
    case 111: a[0] = 0; return TNR_getpgid;                                        /* getpgrp */
    case 213: if ((int)a[0] <= 0) return -2;                                      /* epoll_create */
              a[0] = 0; return TNR_epoll_create1;
    case 253: a[0] = 0; return TNR_inotify_init1;                                  /* inotify_init */
    case 284: a[1] = 0; return TNR_eventfd2;                                       /* eventfd */
    case 282: a[3] = 0; return TNR_signalfd4;                                      /* signalfd */
    default: return -1;
    }
}

/* ---- calls with code of their own ---- */

enum { X86_ARCH_SET_GS = 0x1001, X86_ARCH_SET_FS = 0x1002, X86_ARCH_GET_FS = 0x1003,
       X86_ARCH_GET_GS = 0x1004 };

static long sys_arch_prctl(const uint64_t *a)
{
    X86CPU *env = x86_cpu(user_task->cpu);
    switch (a[0]) {
    case X86_ARCH_SET_FS: env->fs_base = a[1]; return 0;
    case X86_ARCH_SET_GS: env->gs_base = a[1]; return 0;
    case X86_ARCH_GET_FS: return user_put(a[1], &env->fs_base, 8);
    case X86_ARCH_GET_GS: return user_put(a[1], &env->gs_base, 8);
    default: return -EINVAL;
    }
}

static long sys_dup2(const uint64_t *a)
{
    if (a[0] == a[1])       /* dup3 refuses equal fds; dup2 checks the fd and returns it */
        return fcntl((int)a[0], F_GETFD) < 0 ? -EBADF : (long)a[1];
    return HRET(dup2((int)a[0], (int)a[1]));
}

/* struct pollfd and the timeout in ms are the host's (both are x86-64). */
static long sys_poll(const uint64_t *a)
{
    GBUF(fds, a[0], a[1] * sizeof(struct pollfd), PAGE_READ | PAGE_WRITE);
    struct timespec ts = { (int)a[2] / 1000, ((int)a[2] % 1000) * 1000000L };
    return USER_SAFE(SYS_ppoll, fds, a[1], (int)a[2] >= 0 ? &ts : NULL, NULL, 8);
}

/* select: pselect6 with a struct timeval, which Linux updates to the time left. */
static long sys_select(const uint64_t *a)
{
    struct timeval tv;
    struct timespec ts;
    if (a[4]) {
        if (user_get(&tv, a[4], sizeof(tv)) < 0)
            return -EFAULT;
        if (tv.tv_sec < 0 || tv.tv_usec < 0)
            return -EINVAL;
        ts = (struct timespec){ tv.tv_sec + tv.tv_usec / 1000000, tv.tv_usec % 1000000 * 1000 };
    }
    long n = user_select(a, a[4] ? &ts : NULL, 0, 0);
    if (a[4] && n != -EFAULT && n != -EINVAL) {
        tv = (struct timeval){ ts.tv_sec, ts.tv_nsec / 1000 };
        user_put(a[4], &tv, sizeof(tv));
    }
    return n;
}

static long sys_alarm(const uint64_t *a) { return alarm((unsigned)a[0]); }

static long sys_time(const uint64_t *a)
{
    int64_t t = (int64_t)time(NULL);
    if (a[0] && user_put(a[0], &t, 8) < 0)
        return -EFAULT;
    return t;
}

/* struct linux_dirent is the host's too. */
static long sys_getdents(const uint64_t *a)
{
    GBUF(buf, a[1], a[2], PAGE_WRITE);
    return HRET(syscall(SYS_getdents, (int)a[0], buf, (unsigned)a[2]));
}

static long sys_einval(const uint64_t *a) { return -EINVAL; }

enum { XS_ARCH_PRCTL, XS_DUP2, XS_POLL, XS_SELECT, XS_ALARM, XS_TIME, XS_GETDENTS, XS_EINVAL,
       XS_COUNT };

_Static_assert(XS_COUNT == X86_NARCH_SYS, "x86_user.h X86_NARCH_SYS");
const SysDef x86_arch_sys[XS_COUNT] = {
    [XS_ARCH_PRCTL] = { "arch_prctl", sys_arch_prctl, "xx", 0 },
    [XS_DUP2] = { "dup2", sys_dup2, "dd", 0 },
    [XS_POLL] = { "poll", sys_poll, "pdd", SC_NORESTART },
    [XS_SELECT] = { "select", sys_select, "dpppp", SC_NORESTART },
    [XS_ALARM] = { "alarm", sys_alarm, "d", 0 },
    [XS_TIME] = { "time", sys_time, "p", 0 },
    [XS_GETDENTS] = { "getdents", sys_getdents, "dpd", 0 },
    [XS_EINVAL] = { "einval", sys_einval, "", 0 },
};


static int x86_arch_nr(int nr)
{
    switch (nr) {
    case 158: return XS_ARCH_PRCTL;
    case 33: return XS_DUP2;
    case 7: return XS_POLL;
    case 23: return XS_SELECT;
    case 37: return XS_ALARM;
    case 201: return XS_TIME;
    case 78: return XS_GETDENTS;
    default: return -1;
    }
}

/* The shared-table number for x86-64 call nr, with the arguments rewritten to its ABI; -1
 * for a call we do not have (ENOSYS). */
int x86_syscall_map(uint64_t nr, uint64_t a[6])
{
    if (!x86_nr_map_ready)
        x86_nr_map_init();
    if (nr >= 512)
        return -1;
    int r = x86_rewrite_legacy((int)nr, a);
    if (r == -1)
        r = x86_rewrite_other((int)nr, a);
    if (r == -2)
        return TNR_COUNT + XS_EINVAL;
    if (r >= 0)
        return r;
    int s = x86_arch_nr((int)nr);
    return s >= 0 ? TNR_COUNT + s : x86_nr_map[nr];
}
