/* Conformance: fork/vfork/execve/wait4/waitid, exit statuses, prlimit, getrandom, clocks and
 * nanosleep, uname, getpid family shapes. */
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include "conf.h"

static void forks(char *self)
{
    int st;
    pid_t p = fork();
    if (p == 0)
        _exit(42);
    pid_t w = wait4(p, &st, 0, NULL);
    SHOW("wait4", "%s status %d", w == p ? "pid" : "?", WEXITSTATUS(st));
    RES("wait4 no children", wait4(-1, &st, WNOHANG, NULL));
    volatile int shared = 0;
    p = vfork();
    if (p == 0) {
        shared = 1;
        _exit(5);
    }
    waitpid(p, &st, 0);
    SHOW("vfork", "exit %d", WEXITSTATUS(st));
    (void)shared;
    p = fork();
    if (p == 0) {
        char *argv[] = { self, "child", NULL };
        char *envp[] = { "CONF_VAR=fromparent", NULL };
        execve(self, argv, envp);
        _exit(99);
    }
    waitpid(p, &st, 0);
    SHOW("execve of self", "exit %d", WEXITSTATUS(st));
    RES("execve missing", execve("./does-not-exist", (char *[]){ "x", NULL }, (char *[]){ NULL }));
    p = fork();
    if (p == 0) {
        raise(SIGUSR2);
        _exit(0);
    }
    siginfo_t si;
    memset(&si, 0, sizeof(si));
    waitid(P_PID, p, &si, WEXITED);
    SHOW("waitid killed", "code %s status %s", si.si_code == CLD_KILLED ? "CLD_KILLED" : "?",
         si.si_status == SIGUSR2 ? "SIGUSR2" : "?");
    p = fork();
    if (p == 0) {
        raise(SIGSTOP);
        _exit(6);
    }
    waitpid(p, &st, WUNTRACED);
    SHOW("stopped", "%s %s", WIFSTOPPED(st) ? "yes" : "no", WSTOPSIG(st) == SIGSTOP ? "SIGSTOP" : "?");
    kill(p, SIGCONT);
    waitpid(p, &st, 0);
    SHOW("continued then exited", "%d", WEXITSTATUS(st));
}

static void limits(void)
{
    struct rlimit r, o;
    RES("prlimit64 get", prlimit(0, RLIMIT_NOFILE, NULL, &r));
    r.rlim_cur = 100;
    RES("prlimit64 set soft", prlimit(0, RLIMIT_NOFILE, &r, &o));
    getrlimit(RLIMIT_NOFILE, &r);
    SHOW("RLIMIT_NOFILE now", "%llu", (unsigned long long)r.rlim_cur);
    r.rlim_cur = r.rlim_max + 1;
    if (r.rlim_max != RLIM_INFINITY)
        RES("soft above hard", setrlimit(RLIMIT_NOFILE, &r));
    else
        SHOW("soft above hard", "%s", "EINVAL");
    RES("bad resource", getrlimit(999, &r));
    setrlimit(RLIMIT_NOFILE, &o);
}

static void randomness_and_time(void)
{
    unsigned char b[64];
    SHOW("getrandom", "%zd", getrandom(b, sizeof(b), 0));
    SHOW("getrandom GRND_NONBLOCK", "%zd", getrandom(b, 16, GRND_NONBLOCK));
    RES("getrandom bad flags", getrandom(b, 16, 0x100));
    RES("getrandom bad buffer", syscall(SYS_getrandom, (void *)16, 16, 0));
    struct timespec a, c, res;
    clock_gettime(CLOCK_MONOTONIC, &a);
    struct timespec d = { 0, 30000000 };
    RES("nanosleep", nanosleep(&d, NULL));
    clock_gettime(CLOCK_MONOTONIC, &c);
    long ms = (c.tv_sec - a.tv_sec) * 1000 + (c.tv_nsec - a.tv_nsec) / 1000000;
    SHOW("slept at least 30 ms", "%s", ms >= 30 ? "yes" : "no");
    RES("clock_getres", clock_getres(CLOCK_REALTIME, &res));
    RES("clock_gettime bad clock", syscall(SYS_clock_gettime, 12345, &a));
    d.tv_nsec = 2000000000;
    RES("nanosleep bad nsec", nanosleep(&d, NULL));
    clock_gettime(CLOCK_MONOTONIC, &a);
    a.tv_nsec += 10000000;
    if (a.tv_nsec >= 1000000000) { a.tv_sec++; a.tv_nsec -= 1000000000; }
    SHOW("clock_nanosleep TIMER_ABSTIME", "%d", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &a, NULL));
    struct timespec bt;
    RES("CLOCK_BOOTTIME", clock_gettime(CLOCK_BOOTTIME, &bt));
    RES("CLOCK_PROCESS_CPUTIME_ID", clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &bt));
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > 1 && !strcmp(argv[1], "child")) {
        const char *v = getenv("CONF_VAR");
        return v && !strcmp(v, "fromparent") ? 17 : 1;
    }
    struct utsname u;
    uname(&u);
    SHOW("uname sysname", "%s", u.sysname);
    SHOW("getpid == gettid in main", "%s", getpid() == (pid_t)syscall(SYS_gettid) ? "yes" : "no");
    SHOW("getppid", "%s", getppid() > 0 ? "positive" : "?");
    SHOW("getpgid(0) == getpgrp", "%s", getpgid(0) == getpgrp() ? "yes" : "no");
    SHOW("sched_getcpu", "%s", sched_getcpu() >= 0 ? "ok" : "fail");
    forks(argv[0]);
    limits();
    randomness_and_time();
    return 0;
}
