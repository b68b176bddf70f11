/* Conformance: real-time signal queueing, coalescing, si_value, order, RLIMIT_SIGPENDING,
 * sigtimedwait/sigwaitinfo, sigsuspend, signalfd, process- vs thread-directed signals. */
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <time.h>
#include "conf.h"

static volatile int hits[80];
static int order[64], norder;
static volatile int values[16], nvalues;

static void on_sig(int sig, siginfo_t *si, void *uc)
{
    hits[sig]++;
    if (norder < 64)
        order[norder++] = sig;
    if (si->si_code == SI_QUEUE && nvalues < 16)
        values[nvalues++] = si->si_value.sival_int;
}

static void handle(int sig)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_sig;
    sa.sa_flags = SA_SIGINFO;
    sigaction(sig, &sa, NULL);
}

static void block(int sig, int how)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    sigprocmask(how, &s, NULL);
}

static void rt_three_times(void)
{
    int rt = SIGRTMIN + 2;
    handle(rt);
    block(rt, SIG_BLOCK);
    for (int i = 0; i < 3; i++)
        raise(rt);
    block(rt, SIG_UNBLOCK);
    SHOW("rt raised 3x while blocked, deliveries", "%d", hits[rt]);
    handle(SIGUSR1);
    block(SIGUSR1, SIG_BLOCK);
    for (int i = 0; i < 3; i++)
        raise(SIGUSR1);
    block(SIGUSR1, SIG_UNBLOCK);
    SHOW("SIGUSR1 raised 3x while blocked, deliveries", "%d", hits[SIGUSR1]);
}

static void rt_values_and_order(void)
{
    sigset_t all;
    int a = SIGRTMIN + 5, b = SIGRTMIN + 1;
    handle(a);
    handle(b);
    handle(SIGUSR2);
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, NULL);
    for (int i = 0; i < 3; i++) {
        union sigval v = { .sival_int = 100 + i };
        sigqueue(getpid(), a, v);
    }
    union sigval v = { .sival_int = 7 };
    sigqueue(getpid(), b, v);
    raise(SIGUSR2);
    norder = 0;
    nvalues = 0;
    sigprocmask(SIG_UNBLOCK, &all, NULL);
    printf("delivery order:");
    for (int i = 0; i < norder; i++)
        printf(" %s", order[i] == SIGUSR2 ? "SIGUSR2" : order[i] == a ? "RT+5" :
                      order[i] == b ? "RT+1" : "other");
    printf("\nsi_value in order:");
    for (int i = 0; i < nvalues; i++)
        printf(" %d", values[i]);
    printf("\n");
}

static void sigpending_limit(void)
{
    struct rlimit old, rl;
    int rt = SIGRTMIN + 3, ok = 0, eagain = 0;
    getrlimit(RLIMIT_SIGPENDING, &old);
    /* Only the soft limit: lowering the hard one could not be undone without
     * CAP_SYS_RESOURCE. The count is per user, so other processes' pending signals may
     * leave room for none of ours: 0 queued is a correct answer too. */
    rl.rlim_cur = 4;
    rl.rlim_max = old.rlim_max;
    handle(rt);
    block(rt, SIG_BLOCK);
    setrlimit(RLIMIT_SIGPENDING, &rl);
    for (int i = 0; i < 64; i++) {
        union sigval v = { .sival_int = i };
        if (sigqueue(getpid(), rt, v) == 0)
            ok++;
        else if (errno == EAGAIN)
            eagain++;
    }
    setrlimit(RLIMIT_SIGPENDING, &old);
    SHOW("RLIMIT_SIGPENDING=4: some queued, rest EAGAIN", "%s",
         ok <= 4 && eagain == 64 - ok ? "yes" : "no");
    hits[rt] = 0;
    block(rt, SIG_UNBLOCK);
    SHOW("all queued ones delivered", "%s", hits[rt] == ok ? "yes" : "no");
}

static void waiting(void)
{
    sigset_t s;
    siginfo_t si;
    struct timespec zero = { 0, 0 }, short_ = { 0, 20000000 };
    int rt = SIGRTMIN + 4;
    sigemptyset(&s);
    sigaddset(&s, rt);
    sigaddset(&s, SIGUSR1);
    sigprocmask(SIG_BLOCK, &s, NULL);
    union sigval v = { .sival_int = 42 };
    sigqueue(getpid(), rt, v);
    sigqueue(getpid(), rt, v);
    int r1 = sigwaitinfo(&s, &si);
    SHOW("sigwaitinfo", "%s value=%d code=%s", r1 == rt ? "RT+4" : "?", si.si_value.sival_int,
         si.si_code == SI_QUEUE ? "SI_QUEUE" : "?");
    int r2 = sigtimedwait(&s, &si, &zero);
    SHOW("second queued instance", "%s", r2 == rt ? "RT+4" : "missing");
    int r3 = sigtimedwait(&s, &si, &short_);
    SHOW("sigtimedwait on nothing", "%s", r3 < 0 ? conf_errname(errno) : "got one");
    raise(SIGUSR1);
    int fd = signalfd(-1, &s, SFD_CLOEXEC);
    struct signalfd_siginfo ssi;
    ssize_t n = read(fd, &ssi, sizeof(ssi));
    SHOW("signalfd read", "%zd bytes, %s", n, ssi.ssi_signo == SIGUSR1 ? "SIGUSR1" : "other");
    sigqueue(getpid(), rt, v);
    n = read(fd, &ssi, sizeof(ssi));
    SHOW("signalfd rt", "%s value=%d", ssi.ssi_signo == (unsigned)rt ? "RT+4" : "other",
         ssi.ssi_int);
    close(fd);
    sigprocmask(SIG_UNBLOCK, &s, NULL);
}

static void on_usr1_plain(int sig) { hits[sig]++; }

static void suspend(void)
{
    sigset_t s, old, none;
    signal(SIGUSR1, on_usr1_plain);
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigprocmask(SIG_BLOCK, &s, &old);
    hits[SIGUSR1] = 0;
    raise(SIGUSR1);
    SHOW("blocked SIGUSR1 before sigsuspend", "%d", hits[SIGUSR1]);
    sigemptyset(&none);
    int r = sigsuspend(&none);
    SHOW("sigsuspend", "%d %s hits=%d", r, conf_errname(errno), hits[SIGUSR1]);
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    SHOW("mask restored after sigsuspend", "%s", sigismember(&now, SIGUSR1) ? "yes" : "no");
    sigprocmask(SIG_SETMASK, &old, NULL);
}

static pthread_t main_thread;
static volatile int thread_hits;
static __thread int in_worker;

static void on_thread_sig(int sig) { if (in_worker) thread_hits++; else hits[sig]++; }

static void *worker(void *arg)
{
    in_worker = 1;
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    pthread_sigmask(SIG_UNBLOCK, &s, NULL);
    struct timespec t = { 0, 50000000 };
    for (int i = 0; i < 100 && !thread_hits; i++)
        nanosleep(&t, NULL);
    return NULL;
}

static void directed(void)
{
    sigset_t s;
    pthread_t th;
    signal(SIGUSR2, on_thread_sig);
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &s, NULL);      /* the worker inherits it, then unblocks */
    main_thread = pthread_self();
    hits[SIGUSR2] = 0;
    pthread_create(&th, NULL, worker, NULL);
    kill(getpid(), SIGUSR2);                    /* process-directed: only the worker can take it */
    pthread_join(th, NULL);
    SHOW("kill() reaches the thread that does not block it", "worker=%d main=%d", thread_hits,
         hits[SIGUSR2]);
    pthread_kill(pthread_self(), SIGUSR2);      /* thread-directed, stays with main while blocked */
    sigset_t p;
    sigpending(&p);
    SHOW("pthread_kill to a blocking thread is pending", "%s", sigismember(&p, SIGUSR2) ? "yes" : "no");
    pthread_sigmask(SIG_UNBLOCK, &s, NULL);
    SHOW("delivered on unblock", "main=%d", hits[SIGUSR2]);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    rt_three_times();
    rt_values_and_order();
    sigpending_limit();
    waiting();
    suspend();
    directed();
    return 0;
}
