/* Miscellaneous syscalls: time, identity, uname, limits, scheduling, randomness, prctl. */
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include "syscall_util.h"

/* ---- randomness: host getrandom, or a seeded generator under -seed ---- */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void user_random_bytes(void *buf, size_t len)
{
    uint8_t *p = buf;
    if (!user_opts.seed_set) {
        while (len) {
            ssize_t n = getrandom(p, len, 0);
            if (n <= 0)
                break;
            p += n;
            len -= (size_t)n;
        }
        return;
    }
    if (!rng_state)
        rng_state = user_opts.seed ^ 0x5eed;
    for (size_t i = 0; i < len; i++)
        p[i] = (uint8_t)(rng_next() >> 24);
}

static long sys_getrandom(const uint64_t *a)
{
    GBUF(buf, a[0], a[1], PAGE_WRITE);
    if (user_opts.seed_set) {
        user_random_bytes(buf, a[1]);
        return (long)a[1];
    }
    return HRET(USER_BLOCKING(getrandom(buf, a[1], (unsigned)a[2])));
}

/* ---- time ---- */

static long sys_clock_gettime(const uint64_t *a)
{
    GBUF(tp, a[1], sizeof(struct timespec), PAGE_WRITE);
    return HRET(clock_gettime((clockid_t)a[0], tp));
}

static long sys_clock_getres(const uint64_t *a)
{
    GOPT(tp, a[1], sizeof(struct timespec), PAGE_WRITE);
    return HRET(clock_getres((clockid_t)a[0], tp));
}

static long sys_clock_settime(const uint64_t *a)
{
    GBUF(tp, a[1], sizeof(struct timespec), PAGE_READ);
    return HRET(clock_settime((clockid_t)a[0], tp));
}

static long sys_gettimeofday(const uint64_t *a)
{
    GOPT(tv, a[0], sizeof(struct timeval), PAGE_WRITE);
    GOPT(tz, a[1], sizeof(struct timezone), PAGE_WRITE);
    return HRET(gettimeofday(tv, tz));
}

static long sys_nanosleep(const uint64_t *a)
{
    struct timespec req, rem;
    if (user_get(&req, a[0], sizeof(req)) < 0)
        return -EFAULT;
    long r = USER_SAFE(SYS_nanosleep, &req, &rem);
    if (r == -EINTR && a[1])
        user_put(a[1], &rem, sizeof(rem));
    return r;
}

static long sys_clock_nanosleep(const uint64_t *a)
{
    struct timespec req, rem;
    if (user_get(&req, a[2], sizeof(req)) < 0)
        return -EFAULT;
    long r = USER_SAFE(SYS_clock_nanosleep, (clockid_t)a[0], (int)a[1], &req, &rem);
    if (r == -EINTR && a[3] && !(a[1] & TIMER_ABSTIME))
        user_put(a[3], &rem, sizeof(rem));
    return r;
}

static long sys_times(const uint64_t *a)
{
    GOPT(buf, a[0], sizeof(struct tms), PAGE_WRITE);
    struct tms t;
    clock_t r = times(&t);
    if (buf)
        memcpy(buf, &t, sizeof(t));
    return (long)r;
}

static long sys_getitimer(const uint64_t *a)
{
    GBUF(v, a[1], sizeof(struct itimerval), PAGE_WRITE);
    return HRET(getitimer((int)a[0], v));
}

static long sys_setitimer(const uint64_t *a)
{
    GBUF(nv, a[1], sizeof(struct itimerval), PAGE_READ);
    GOPT(ov, a[2], sizeof(struct itimerval), PAGE_WRITE);
    return HRET(setitimer((int)a[0], nv, ov));
}

/* POSIX timers: struct sigevent has the same layout; only the signal number is mapped. */
static long sys_timer_create(const uint64_t *a)
{
    struct sigevent ev;
    int id;
    if (a[1]) {
        if (user_get(&ev, a[1], sizeof(ev)) < 0)
            return -EFAULT;
        if (ev.sigev_notify != SIGEV_NONE) {
            int h = sig_target_to_host(ev.sigev_signo);
            if (h < 0)
                return -EINVAL;
            ev.sigev_signo = h;
        }
    }
    if (!user_ptr(a[2], sizeof(id), PAGE_WRITE))
        return -EFAULT;
    if (syscall(SYS_timer_create, (clockid_t)a[0], a[1] ? &ev : NULL, &id) != 0)
        return -errno;
    return user_put_u32(a[2], (uint32_t)id);
}

static long sys_timer_settime(const uint64_t *a)
{
    GBUF(nv, a[2], sizeof(struct itimerspec), PAGE_READ);
    GOPT(ov, a[3], sizeof(struct itimerspec), PAGE_WRITE);
    return HRET(syscall(SYS_timer_settime, (int)a[0], (int)a[1], nv, ov));
}

static long sys_timer_gettime(const uint64_t *a)
{
    GBUF(cv, a[1], sizeof(struct itimerspec), PAGE_WRITE);
    return HRET(syscall(SYS_timer_gettime, (int)a[0], cv));
}

static long sys_timer_getoverrun(const uint64_t *a)
{
    return HRET(syscall(SYS_timer_getoverrun, (int)a[0]));
}

static long sys_timer_delete(const uint64_t *a)
{
    return HRET(syscall(SYS_timer_delete, (int)a[0]));
}

/* ---- identity ---- */

static long sys_getpid(const uint64_t *a) { return getpid(); }
static long sys_getppid(const uint64_t *a) { return getppid(); }
static long sys_gettid(const uint64_t *a) { return user_task->tid; }
static long sys_getuid(const uint64_t *a) { return getuid(); }
static long sys_geteuid(const uint64_t *a) { return geteuid(); }
static long sys_getgid(const uint64_t *a) { return getgid(); }
static long sys_getegid(const uint64_t *a) { return getegid(); }
/* Raw syscalls: glibc's wrappers would broadcast to all host threads (setxid). Linux
 * credentials are per thread, and the guest's libc does its own broadcast. */
static long sys_setuid(const uint64_t *a) { return HRET(syscall(SYS_setuid, (uid_t)a[0])); }
static long sys_setgid(const uint64_t *a) { return HRET(syscall(SYS_setgid, (gid_t)a[0])); }
static long sys_setreuid(const uint64_t *a)
{
    return HRET(syscall(SYS_setreuid, (uid_t)a[0], (uid_t)a[1]));
}
static long sys_setregid(const uint64_t *a)
{
    return HRET(syscall(SYS_setregid, (gid_t)a[0], (gid_t)a[1]));
}
static long sys_setresuid(const uint64_t *a)
{
    return HRET(syscall(SYS_setresuid, (uid_t)a[0], (uid_t)a[1], (uid_t)a[2]));
}
static long sys_setresgid(const uint64_t *a)
{
    return HRET(syscall(SYS_setresgid, (gid_t)a[0], (gid_t)a[1], (gid_t)a[2]));
}
static long sys_setfsuid(const uint64_t *a) { return syscall(SYS_setfsuid, (uid_t)a[0]); }
static long sys_setfsgid(const uint64_t *a) { return syscall(SYS_setfsgid, (gid_t)a[0]); }

static long sys_getresuid(const uint64_t *a)
{
    uid_t r, e, s;
    getresuid(&r, &e, &s);
    if (user_put_u32(a[0], r) || user_put_u32(a[1], e) || user_put_u32(a[2], s))
        return -EFAULT;
    return 0;
}

static long sys_getresgid(const uint64_t *a)
{
    gid_t r, e, s;
    getresgid(&r, &e, &s);
    if (user_put_u32(a[0], r) || user_put_u32(a[1], e) || user_put_u32(a[2], s))
        return -EFAULT;
    return 0;
}

static long sys_getgroups(const uint64_t *a)
{
    if ((int)a[0] < 0)
        return -EINVAL;
    GBUF(list, a[1], a[0] * sizeof(gid_t), PAGE_WRITE);
    return HRET(getgroups((int)a[0], list));
}

static long sys_setgroups(const uint64_t *a)
{
    GBUF(list, a[1], a[0] * sizeof(gid_t), PAGE_READ);
    return HRET(syscall(SYS_setgroups, a[0], list));
}

static long sys_setpgid(const uint64_t *a) { return HRET(setpgid((pid_t)a[0], (pid_t)a[1])); }
static long sys_getpgid(const uint64_t *a) { return HRET(getpgid((pid_t)a[0])); }
static long sys_getsid(const uint64_t *a) { return HRET(getsid((pid_t)a[0])); }
static long sys_setsid(const uint64_t *a) { return HRET(setsid()); }

/* ---- system information ---- */

static long sys_uname(const uint64_t *a)
{
    struct utsname u;
    GBUF(buf, a[0], sizeof(u), PAGE_WRITE);
    if (uname(&u) != 0)
        return -errno;
    snprintf(u.machine, sizeof(u.machine), "%s", user_target->uname_machine);
    memcpy(buf, &u, sizeof(u));
    return 0;
}

static long sys_sethostname(const uint64_t *a)
{
    GBUF(name, a[0], a[1], PAGE_READ);
    return HRET(sethostname(name, a[1]));
}

static long sys_setdomainname(const uint64_t *a)
{
    GBUF(name, a[0], a[1], PAGE_READ);
    return HRET(setdomainname(name, a[1]));
}

static long sys_sysinfo(const uint64_t *a)
{
    GBUF(buf, a[0], sizeof(struct sysinfo), PAGE_WRITE);
    return HRET(sysinfo(buf));
}

static long sys_getrlimit(const uint64_t *a)
{
    GBUF(rl, a[1], sizeof(struct rlimit), PAGE_WRITE);
    return HRET(getrlimit((int)a[0], rl));
}

static long sys_setrlimit(const uint64_t *a)
{
    GBUF(rl, a[1], sizeof(struct rlimit), PAGE_READ);
    return HRET(setrlimit((int)a[0], rl));
}

static long sys_prlimit64(const uint64_t *a)
{
    GOPT(nl, a[2], sizeof(struct rlimit), PAGE_READ);
    GOPT(ol, a[3], sizeof(struct rlimit), PAGE_WRITE);
    return HRET(prlimit((pid_t)a[0], (int)a[1], nl, ol));
}

static long sys_getrusage(const uint64_t *a)
{
    GBUF(ru, a[1], sizeof(struct rusage), PAGE_WRITE);
    return HRET(getrusage((int)a[0], ru));
}

static long sys_getpriority(const uint64_t *a)
{
    return HRET(syscall(SYS_getpriority, (int)a[0], (id_t)a[1]));
}

static long sys_setpriority(const uint64_t *a)
{
    return HRET(setpriority((int)a[0], (id_t)a[1], (int)a[2]));
}

static long sys_personality(const uint64_t *a) { return HRET(personality((unsigned long)a[0])); }

static long sys_sched_getaffinity(const uint64_t *a)
{
    GBUF(mask, a[2], a[1], PAGE_WRITE);
    return HRET(syscall(SYS_sched_getaffinity, (pid_t)a[0], a[1], mask));
}

static long sys_sched_setaffinity(const uint64_t *a)
{
    GBUF(mask, a[2], a[1], PAGE_READ);
    return HRET(syscall(SYS_sched_setaffinity, (pid_t)a[0], a[1], mask));
}

static long sys_sched_getscheduler(const uint64_t *a)
{
    return HRET(sched_getscheduler((pid_t)a[0]));
}

static long sys_sched_getparam(const uint64_t *a)
{
    GBUF(p, a[1], sizeof(struct sched_param), PAGE_WRITE);
    return HRET(sched_getparam((pid_t)a[0], p));
}

static long sys_sched_setscheduler(const uint64_t *a)
{
    GBUF(p, a[2], sizeof(struct sched_param), PAGE_READ);
    return HRET(sched_setscheduler((pid_t)a[0], (int)a[1], p));
}

static long sys_sched_get_priority_max(const uint64_t *a)
{
    return HRET(sched_get_priority_max((int)a[0]));
}

static long sys_sched_get_priority_min(const uint64_t *a)
{
    return HRET(sched_get_priority_min((int)a[0]));
}

static long sys_getcpu(const uint64_t *a)
{
    GOPT(cpu, a[0], 4, PAGE_WRITE);
    GOPT(node, a[1], 4, PAGE_WRITE);
    return HRET(syscall(SYS_getcpu, cpu, node, NULL));
}

static long sys_prctl(const uint64_t *a)
{
    switch ((int)a[0]) {
    case PR_GET_NAME: {
        GBUF(name, a[1], 16, PAGE_WRITE);
        return HRET(prctl(PR_GET_NAME, name));
    }
    case PR_SET_NAME: {
        GBUF(name, a[1], 16, PAGE_READ);
        return HRET(prctl(PR_SET_NAME, name));
    }
    case PR_GET_DUMPABLE: case PR_SET_DUMPABLE: case PR_GET_KEEPCAPS: case PR_SET_KEEPCAPS:
    case PR_SET_PDEATHSIG: case PR_GET_NO_NEW_PRIVS: case PR_SET_NO_NEW_PRIVS:
    case PR_GET_TIMERSLACK: case PR_SET_TIMERSLACK: case PR_SET_CHILD_SUBREAPER:
        return HRET(prctl((int)a[0], a[1], a[2], a[3], a[4]));
    default:
        return -EINVAL;
    }
}

static long sys_membarrier(const uint64_t *a)
{
    return (int)a[0] == 0 ? 0 : 0;     /* one vCPU runs at a time: every barrier is implied */
}

static long sys_riscv_flush_icache(const uint64_t *a) { return 0; }
static long sys_riscv_hwprobe(const uint64_t *a) { return -ENOSYS; }

void sys_misc_register(SysDef *tab)
{
    REG(getrandom, "pux", 0);
    REG(clock_gettime, "dp", 0);
    REG(clock_getres, "dp", 0);
    REG(clock_settime, "dp", 0);
    REG(gettimeofday, "pp", 0);
    REG(nanosleep, "pp", SC_NORESTART);
    REG(clock_nanosleep, "ddpp", SC_NORESTART);
    REG(times, "p", 0);
    REG(getitimer, "dp", 0);
    REG(setitimer, "dpp", 0);
    REG(timer_create, "dpp", 0);
    REG(timer_settime, "ddpp", 0);
    REG(timer_gettime, "dp", 0);
    REG(timer_getoverrun, "d", 0);
    REG(timer_delete, "d", 0);
    REG(getpid, "", 0);
    REG(getppid, "", 0);
    REG(gettid, "", 0);
    REG(getuid, "", 0);
    REG(geteuid, "", 0);
    REG(getgid, "", 0);
    REG(getegid, "", 0);
    REG(setuid, "d", 0);
    REG(setgid, "d", 0);
    REG(setreuid, "dd", 0);
    REG(setregid, "dd", 0);
    REG(setresuid, "ddd", 0);
    REG(setresgid, "ddd", 0);
    REG(setfsuid, "d", 0);
    REG(setfsgid, "d", 0);
    REG(getresuid, "ppp", 0);
    REG(getresgid, "ppp", 0);
    REG(getgroups, "dp", 0);
    REG(setgroups, "dp", 0);
    REG(setpgid, "dd", 0);
    REG(getpgid, "d", 0);
    REG(getsid, "d", 0);
    REG(setsid, "", 0);
    REG(uname, "p", 0);
    REG(sethostname, "pu", 0);
    REG(setdomainname, "pu", 0);
    REG(sysinfo, "p", 0);
    REG(getrlimit, "dp", 0);
    REG(setrlimit, "dp", 0);
    REG(prlimit64, "ddpp", 0);
    REG(getrusage, "dp", 0);
    REG(getpriority, "dd", 0);
    REG(setpriority, "ddd", 0);
    REG(personality, "x", 0);
    REG(sched_getaffinity, "dup", 0);
    REG(sched_setaffinity, "dup", 0);
    REG(sched_getscheduler, "d", 0);
    REG(sched_getparam, "dp", 0);
    REG(sched_setscheduler, "ddp", 0);
    REG(sched_get_priority_max, "d", 0);
    REG(sched_get_priority_min, "d", 0);
    REG(getcpu, "ppp", 0);
    REG(prctl, "dxxxx", 0);
    REG(membarrier, "dx", 0);
    REG(riscv_flush_icache, "xxx", 0);
    REG(riscv_hwprobe, "pupup", 0);
}
