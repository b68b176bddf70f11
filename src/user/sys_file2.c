/* Filesystem syscalls: stat family, directories, links, permissions, times, cwd, polling. */
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <unistd.h>
#include "syscall_util.h"

static long sys_fstat(const uint64_t *a)
{
    struct stat st;
    if (!user_ptr(a[1], user_target->stat_size, PAGE_WRITE))
        return -EFAULT;
    if (fstat((int)a[0], &st) != 0)
        return -errno;
    user_target->fill_stat(g2h(a[1]), &st);
    return 0;
}

static long sys_newfstatat(const uint64_t *a)
{
    struct stat st;
    GPATH(path, a[1]);
    if (!user_ptr(a[2], user_target->stat_size, PAGE_WRITE))
        return -EFAULT;
    if (user_is_self_exe(path))
        path = user_exec_path;
    if (fstatat((int)a[0], path, &st, (int)a[3]) != 0)
        return -errno;
    user_target->fill_stat(g2h(a[2]), &st);
    return 0;
}

static long sys_statx(const uint64_t *a)
{
    GPATH(path, a[1]);
    GBUF(buf, a[4], 256, PAGE_WRITE);
    if (user_is_self_exe(path))
        path = user_exec_path;
    return HRET(syscall(SYS_statx, (int)a[0], path, (int)a[2], (unsigned)a[3], buf));
}

static long sys_statfs(const uint64_t *a)
{
    GPATH(path, a[0]);
    GBUF(buf, a[1], sizeof(struct statfs), PAGE_WRITE);
    return HRET(statfs(path, buf));
}

static long sys_fstatfs(const uint64_t *a)
{
    GBUF(buf, a[1], sizeof(struct statfs), PAGE_WRITE);
    return HRET(fstatfs((int)a[0], buf));
}

static long sys_getdents64(const uint64_t *a)
{
    GBUF(buf, a[1], a[2], PAGE_WRITE);
    return HRET(syscall(SYS_getdents64, (int)a[0], buf, (unsigned)a[2]));
}

static long sys_readlinkat(const uint64_t *a)
{
    GPATH(path, a[1]);
    GBUF(buf, a[2], a[3], PAGE_WRITE);
    if ((long)a[3] <= 0)
        return -EINVAL;
    if (user_is_self_exe(path)) {
        size_t n = strlen(user_exec_path);
        n = n < a[3] ? n : a[3];
        memcpy(buf, user_exec_path, n);
        return (long)n;
    }
    return HRET(readlinkat((int)a[0], path, buf, a[3]));
}

static long sys_faccessat(const uint64_t *a)
{
    GPATH(path, a[1]);
    return HRET(syscall(SYS_faccessat, (int)a[0], path, (int)a[2]));
}

static long sys_faccessat2(const uint64_t *a)
{
    GPATH(path, a[1]);
    return HRET(syscall(SYS_faccessat2, (int)a[0], path, (int)a[2], (int)a[3]));
}

static long sys_fchmod(const uint64_t *a) { return HRET(fchmod((int)a[0], (mode_t)a[1])); }

static long sys_fchmodat(const uint64_t *a)
{
    GPATH(path, a[1]);
    return HRET(syscall(SYS_fchmodat, (int)a[0], path, (mode_t)a[2]));
}

static long sys_fchown(const uint64_t *a)
{
    return HRET(fchown((int)a[0], (uid_t)a[1], (gid_t)a[2]));
}

static long sys_fchownat(const uint64_t *a)
{
    GPATH(path, a[1]);
    return HRET(fchownat((int)a[0], path, (uid_t)a[2], (gid_t)a[3], (int)a[4]));
}

static long sys_mkdirat(const uint64_t *a)
{
    GSTR(path, a[1]);
    return HRET(mkdirat((int)a[0], path, (mode_t)a[2]));
}

static long sys_mknodat(const uint64_t *a)
{
    GSTR(path, a[1]);
    return HRET(mknodat((int)a[0], path, (mode_t)a[2], (dev_t)a[3]));
}

static long sys_unlinkat(const uint64_t *a)
{
    GSTR(path, a[1]);
    return HRET(unlinkat((int)a[0], path, (int)a[2]));
}

static long sys_renameat2(const uint64_t *a)
{
    GSTR(from, a[1]);
    GSTR(to, a[3]);
    return HRET(renameat2((int)a[0], from, (int)a[2], to, (unsigned)a[4]));
}

static long sys_renameat(const uint64_t *a)
{
    uint64_t b[5] = { a[0], a[1], a[2], a[3], 0 };
    return sys_renameat2(b);
}

static long sys_linkat(const uint64_t *a)
{
    GSTR(from, a[1]);
    GSTR(to, a[3]);
    return HRET(linkat((int)a[0], from, (int)a[2], to, (int)a[4]));
}

static long sys_symlinkat(const uint64_t *a)
{
    GSTR(target, a[0]);
    GSTR(path, a[2]);
    return HRET(symlinkat(target, (int)a[1], path));
}

static long sys_utimensat(const uint64_t *a)
{
    GOPT(times, a[2], 2 * sizeof(struct timespec), PAGE_READ);
    if (!a[1])
        return HRET(syscall(SYS_utimensat, (int)a[0], NULL, times, (int)a[3]));
    GPATH(path, a[1]);
    return HRET(syscall(SYS_utimensat, (int)a[0], path, times, (int)a[3]));
}

static long sys_getcwd(const uint64_t *a)
{
    GBUF(buf, a[0], a[1], PAGE_WRITE);
    return HRET(syscall(SYS_getcwd, buf, a[1]));
}

static long sys_chdir(const uint64_t *a)
{
    GSTR(path, a[0]);
    return HRET(chdir(path));
}

static long sys_fchdir(const uint64_t *a) { return HRET(fchdir((int)a[0])); }

static long sys_chroot(const uint64_t *a)
{
    GSTR(path, a[0]);
    return HRET(chroot(path));
}

static long sys_umask(const uint64_t *a) { return umask((mode_t)a[0]); }

/* ---- polling and event fds ---- */

/* ppoll/pselect6/epoll_pwait with a signal mask: install it for the wait like sigsuspend;
 * a signal delivered afterwards sees the original mask saved in its frame. */
static long wait_mask_begin(uint64_t gmask, uint64_t size)
{
    uint64_t set;
    if (!gmask)
        return 0;
    if (size != 8)
        return -EINVAL;
    if (user_get(&set, gmask, 8) < 0)
        return -EFAULT;
    user_task->saved_sigmask = user_task->sigmask;
    user_task->saved_sigmask_valid = true;
    sig_set_mask(user_task, set);
    return 0;
}

static long wait_mask_end(long r)
{
    TaskState *ts = user_task;
    if (ts->saved_sigmask_valid && !(r == -EINTR && sig_deliverable(ts))) {
        ts->saved_sigmask_valid = false;
        sig_set_mask(ts, ts->saved_sigmask);
    }
    return r;
}

static long sys_ppoll(const uint64_t *a)
{
    struct rlimit nofile;
    if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 && a[1] > nofile.rlim_cur)
        return -EINVAL;
    GBUF(fds, a[0], a[1] * sizeof(struct pollfd), PAGE_READ | PAGE_WRITE);
    struct timespec ts;
    if (a[2] && user_get(&ts, a[2], sizeof(ts)) < 0)
        return -EFAULT;
    long r = wait_mask_begin(a[3], a[4]);
    if (r < 0)
        return r;
    r = USER_SAFE(SYS_ppoll, fds, a[1], a[2] ? &ts : NULL, NULL, 8);
    if (a[2])
        user_put(a[2], &ts, sizeof(ts));
    return wait_mask_end(r);
}

long user_select(const uint64_t *a, struct timespec *ts, uint64_t gmask, uint64_t masklen)
{
    size_t setsz = ((a[0] + 63) / 64) * 8;
    if ((long)a[0] < 0 || a[0] > FD_SETSIZE)
        return -EINVAL;
    GOPT(r, a[1], setsz, PAGE_READ | PAGE_WRITE);
    GOPT(w, a[2], setsz, PAGE_READ | PAGE_WRITE);
    GOPT(e, a[3], setsz, PAGE_READ | PAGE_WRITE);
    long n = wait_mask_begin(gmask, masklen);
    if (n < 0)
        return n;
    n = USER_SAFE(SYS_pselect6, (int)a[0], r, w, e, ts, NULL);
    return wait_mask_end(n);
}

static long sys_pselect6(const uint64_t *a)
{
    struct timespec ts;
    if (a[4] && user_get(&ts, a[4], sizeof(ts)) < 0)
        return -EFAULT;
    uint64_t sm[2] = { 0, 0 };         /* { const sigset_t *ss; size_t ss_len; } */
    if (a[5] && user_get(sm, a[5], sizeof(sm)) < 0)
        return -EFAULT;
    long n = user_select(a, a[4] ? &ts : NULL, sm[0], sm[1]);
    if (a[4] && n != -EFAULT && n != -EINVAL)
        user_put(a[4], &ts, sizeof(ts));
    return n;
}

/* struct epoll_event is packed (12 bytes) on x86-64 but 16 bytes on riscv64. */
typedef struct TargetEpollEvent { uint32_t events, pad; uint64_t data; } TargetEpollEvent;

static long sys_epoll_create1(const uint64_t *a) { return HRET(epoll_create1((int)a[0])); }

static long sys_epoll_ctl(const uint64_t *a)
{
    TargetEpollEvent te;
    struct epoll_event ev;
    memset(&ev, 0, sizeof(ev));
    if (a[3]) {
        if (user_get(&te, a[3], sizeof(te)) < 0)
            return -EFAULT;
        ev.events = te.events;
        ev.data.u64 = te.data;
    }
    return HRET(epoll_ctl((int)a[0], (int)a[1], (int)a[2], a[3] ? &ev : NULL));
}

static long sys_epoll_pwait(const uint64_t *a)
{
    /* As Linux: the array is only range-checked up front and written when events are
     * returned; fewer than maxevents at a time is allowed. */
    int max = (int)a[2];
    if (max <= 0 || (uint64_t)max > INT_MAX / sizeof(TargetEpollEvent))
        return -EINVAL;
    if (!guest_range_valid(a[1], (uint64_t)max * sizeof(TargetEpollEvent)))
        return -EFAULT;
    int hmax = max < 1024 ? max : 1024;
    long n = wait_mask_begin(a[4], a[5]);
    if (n < 0)
        return n;
    struct epoll_event *ev = trix_malloc0((size_t)hmax * sizeof(*ev));
    n = wait_mask_end(USER_SAFE(SYS_epoll_wait, (int)a[0], ev, hmax, (int)a[3]));
    for (long i = 0; i < n; i++) {
        TargetEpollEvent te = { ev[i].events, 0, ev[i].data.u64 };
        if (user_put(a[1] + (uint64_t)i * sizeof(te), &te, sizeof(te)) < 0) {
            n = -EFAULT;
            break;
        }
    }
    free(ev);
    return n;
}

static long sys_eventfd2(const uint64_t *a) { return HRET(eventfd((unsigned)a[0], (int)a[1])); }

static long sys_inotify_init1(const uint64_t *a) { return HRET(inotify_init1((int)a[0])); }

static long sys_inotify_add_watch(const uint64_t *a)
{
    GSTR(path, a[1]);
    return HRET(inotify_add_watch((int)a[0], path, (uint32_t)a[2]));
}

static long sys_inotify_rm_watch(const uint64_t *a)
{
    return HRET(inotify_rm_watch((int)a[0], (int)a[1]));
}

static long sys_timerfd_create(const uint64_t *a)
{
    return HRET(timerfd_create((int)a[0], (int)a[1]));
}

static long sys_timerfd_settime(const uint64_t *a)
{
    GBUF(nv, a[2], sizeof(struct itimerspec), PAGE_READ);
    GOPT(ov, a[3], sizeof(struct itimerspec), PAGE_WRITE);
    return HRET(timerfd_settime((int)a[0], (int)a[1], nv, ov));
}

static long sys_timerfd_gettime(const uint64_t *a)
{
    GBUF(cv, a[1], sizeof(struct itimerspec), PAGE_WRITE);
    return HRET(timerfd_gettime((int)a[0], cv));
}

void sys_file2_register(SysDef *tab)
{
    REG(fstat, "dp", 0);
    REG(newfstatat, "fspx", 0);
    REG(statx, "fsxxp", 0);
    REG(statfs, "sp", 0);
    REG(fstatfs, "dp", 0);
    REG(getdents64, "dpu", 0);
    REG(readlinkat, "fspu", 0);
    REG(faccessat, "fsx", 0);
    REG(faccessat2, "fsxx", 0);
    REG(fchmod, "do", 0);
    REG(fchmodat, "fso", 0);
    REG(fchown, "ddd", 0);
    REG(fchownat, "fsddx", 0);
    REG(mkdirat, "fso", 0);
    REG(mknodat, "fsox", 0);
    REG(unlinkat, "fsx", 0);
    REG(renameat2, "fsfsx", 0);
    if (user_target->has_renameat)
        REG(renameat, "fsfs", 0);
    REG(linkat, "fsfsx", 0);
    REG(symlinkat, "sfs", 0);
    REG(utimensat, "fspx", 0);
    REG(getcwd, "pu", 0);
    REG(chdir, "s", 0);
    REG(fchdir, "d", 0);
    REG(chroot, "s", 0);
    REG(umask, "o", 0);
    REG(ppoll, "pdpp", SC_NORESTART);
    REG(pselect6, "dppppp", SC_NORESTART);
    REG(epoll_create1, "x", 0);
    REG(epoll_ctl, "dddp", 0);
    REG(epoll_pwait, "dpddpu", SC_NORESTART);
    REG(eventfd2, "ux", 0);
    REG(inotify_init1, "x", 0);
    REG(inotify_add_watch, "dsx", 0);
    REG(inotify_rm_watch, "dd", 0);
    REG(timerfd_create, "dx", 0);
    REG(timerfd_settime, "dxpp", 0);
    REG(timerfd_gettime, "dp", 0);
}
