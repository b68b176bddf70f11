/* Conformance: sigaction flags (SA_NODEFER, SA_RESETHAND, SA_RESTART, SA_ONSTACK), fault
 * siginfo, SIGCHLD with waitid/SA_NOCLDWAIT, timers (timer_create, setitimer, alarm),
 * pidfd_send_signal. */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include "conf.h"

static volatile int depth, maxdepth, count;

static void nested(int sig)
{
    count++;
    if (++depth > maxdepth)
        maxdepth = depth;
    if (count < 3)
        raise(sig);
    depth--;
}

static void flags(void)
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = nested;
    sa.sa_flags = SA_NODEFER;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    SHOW("SA_NODEFER nests", "depth %d count %d", maxdepth, count);
    count = depth = maxdepth = 0;
    sa.sa_flags = 0;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    SHOW("without SA_NODEFER", "depth %d count %d", maxdepth, count);
    count = 5;                          /* the handler does not raise again */
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    sigaction(SIGUSR2, NULL, &old);
    SHOW("SA_RESETHAND", "%s", old.sa_handler == SIG_DFL ? "reset to SIG_DFL" : "kept");
}

static void on_alrm(int sig) { count++; }

static void restart(void)
{
    int p[2];
    struct sigaction sa;
    char c;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alrm;
    pipe(p);
    for (int r = 0; r < 2; r++) {
        sa.sa_flags = r ? SA_RESTART : 0;
        sigaction(SIGALRM, &sa, NULL);
        struct itimerval it = { { 0, 0 }, { 0, 30000 } };
        setitimer(ITIMER_REAL, &it, NULL);
        if (r) {
            if (fork() == 0) {
                struct timespec t = { 0, 150000000 };
                nanosleep(&t, NULL);
                write(p[1], "x", 1);
                _exit(0);
            }
        }
        errno = 0;
        ssize_t n = read(p[0], &c, 1);
        SHOW(r ? "read with SA_RESTART" : "read without SA_RESTART", "%zd %s", n,
             n < 0 ? conf_errname(errno) : "restarted");
        if (r)
            wait(NULL);
    }
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    alarm(1);
    struct itimerval it = { { 0, 0 }, { 0, 50000 } };
    setitimer(ITIMER_REAL, &it, NULL);
    struct timespec t = { 5, 0 };
    int r = nanosleep(&t, &t);
    SHOW("nanosleep never restarts", "%d %s", r, conf_errname(errno));
    SHOW("alarm() replaced by setitimer", "%s", alarm(0) == 0 ? "yes" : "no");
    close(p[0]);
    close(p[1]);
}

static char altstack[65536];
static volatile int on_alt;

static void check_stack(int sig)
{
    char here;
    on_alt = &here >= altstack && &here < altstack + sizeof(altstack);
}

static sigjmp_buf jb;
static volatile int fault_code;
static volatile uintptr_t fault_addr;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    fault_code = si->si_code;
    fault_addr = (uintptr_t)si->si_addr;
    siglongjmp(jb, 1);
}

static void stack_and_faults(void)
{
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
    struct sigaction sa;
    sigaltstack(&ss, NULL);
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = check_stack;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    SHOW("SA_ONSTACK handler on the alternate stack", "%s", on_alt ? "yes" : "no");
    sa.sa_flags = 0;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    SHOW("without SA_ONSTACK", "%s", on_alt ? "alternate" : "normal stack");
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    char *page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (!sigsetjmp(jb, 1))
        *(volatile char *)(page + 8) = 1;
    SHOW("write to read-only page", "%s at +%ld", fault_code == SEGV_ACCERR ? "SEGV_ACCERR" : "?",
         (long)(fault_addr - (uintptr_t)page));
    munmap(page, 4096);
    if (!sigsetjmp(jb, 1))
        *(volatile char *)(page + 16) = 1;
    SHOW("write to unmapped page", "%s at +%ld", fault_code == SEGV_MAPERR ? "SEGV_MAPERR" : "?",
         (long)(fault_addr - (uintptr_t)page));
}

static void children(void)
{
    siginfo_t si;
    pid_t pid = fork();
    if (pid == 0)
        _exit(7);
    memset(&si, 0, sizeof(si));
    waitid(P_PID, pid, &si, WEXITED);
    SHOW("waitid", "code %s status %d", si.si_code == CLD_EXITED ? "CLD_EXITED" : "?", si.si_status);
    pid = fork();
    if (pid == 0) {
        pause();
        _exit(0);
    }
    kill(pid, SIGTERM);
    int st;
    waitpid(pid, &st, 0);
    SHOW("child killed", "%s %d", WIFSIGNALED(st) ? "signal" : "exit", WTERMSIG(st));
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_DFL;
    sa.sa_flags = SA_NOCLDWAIT;
    sigaction(SIGCHLD, &sa, NULL);
    if (fork() == 0)
        _exit(0);
    errno = 0;
    int r = wait(NULL);
    SHOW("SA_NOCLDWAIT: wait", "%s", r < 0 ? conf_errname(errno) : "reaped a zombie");
    sa.sa_flags = 0;
    sigaction(SIGCHLD, &sa, NULL);
}

static volatile int timer_hits, timer_value;

static void on_timer(int sig, siginfo_t *si, void *uc)
{
    timer_hits++;
    timer_value = si->si_value.sival_int;
}

static void timers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_timer;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGRTMIN + 1, &sa, NULL);
    struct sigevent ev;
    memset(&ev, 0, sizeof(ev));
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGRTMIN + 1;
    ev.sigev_value.sival_int = 1234;
    timer_t t;
    timer_create(CLOCK_MONOTONIC, &ev, &t);
    struct itimerspec its = { { 0, 0 }, { 0, 10000000 } };
    timer_settime(t, 0, &its, NULL);
    struct timespec w = { 1, 0 };
    while (!timer_hits && nanosleep(&w, &w) == 0)
        ;
    SHOW("timer_create SIGEV_SIGNAL", "hits %d value %d", timer_hits, timer_value);
    timer_delete(t);
    ev.sigev_notify = SIGEV_THREAD_ID;
    ev._sigev_un._tid = (int)syscall(SYS_gettid);
    ev.sigev_value.sival_int = 99;
    timer_hits = 0;
    timer_create(CLOCK_MONOTONIC, &ev, &t);
    timer_settime(t, 0, &its, NULL);
    w.tv_sec = 1;
    while (!timer_hits && nanosleep(&w, &w) == 0)
        ;
    SHOW("timer_create SIGEV_THREAD_ID", "hits %d value %d", timer_hits, timer_value);
    timer_delete(t);
}

static void on_ret(int sig) { count++; }

static void pidfd(void)
{
    signal(SIGUSR1, on_ret);
    count = 0;
    int pfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
    long r = syscall(SYS_pidfd_send_signal, pfd, SIGUSR1, NULL, 0);
    SHOW("pidfd_send_signal", "%ld count %d", r, count);
    close(pfd);
    raise(SIGUSR1);
    SHOW("handler returns again", "count %d", count);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    flags();
    restart();
    stack_and_faults();
    children();
    timers();
    pidfd();
    return 0;
}
