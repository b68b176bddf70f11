/* Guest signal handling: handlers with siginfo, sigreturn restoring state, masks, altstack. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/time.h>

static volatile int got, got_info_code, alt_ok;
static char altstack[65536];

static void on_usr1(int sig) { got += sig; }

static void on_info(int sig, siginfo_t *si, void *uc)
{
    got_info_code = si->si_code;
    got += 100;
    (void)uc;
}

static void on_alt(int sig)
{
    char probe;
    alt_ok = (&probe >= altstack && &probe < altstack + sizeof(altstack));
}

static void on_alarm(int sig) { got += 1000; }

int main(void)
{
    double d = 1.5;
    long callee_saved = 12345;
    signal(SIGUSR1, on_usr1);
    raise(SIGUSR1);
    printf("usr1: got=%d d=%g saved=%ld\n", got, d * 2, callee_saved);

    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_info;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR2, &sa, NULL);
    kill(getpid(), SIGUSR2);
    printf("usr2: got=%d code=%d (SI_USER=%d)\n", got, got_info_code, SI_USER);

    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, &old);
    raise(SIGUSR1);
    printf("blocked: got=%d\n", got);
    sigset_t pend;
    sigpending(&pend);
    printf("pending usr1: %d\n", sigismember(&pend, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("unblocked: got=%d\n", got);

    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack), .ss_flags = 0 };
    sigaltstack(&ss, NULL);
    sa.sa_handler = on_alt;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGWINCH, &sa, NULL);
    raise(SIGWINCH);
    printf("altstack: %d\n", alt_ok);

    signal(SIGALRM, on_alarm);
    struct itimerval it = { { 0, 0 }, { 0, 20000 } };
    setitimer(ITIMER_REAL, &it, NULL);
    pause();
    printf("alarm: got=%d\n", got);

    sigset_t waitset;
    sigemptyset(&waitset);
    sigaddset(&waitset, SIGUSR2);
    sigprocmask(SIG_BLOCK, &waitset, NULL);
    raise(SIGUSR2);
    int sig = 0;
    sigwait(&waitset, &sig);
    printf("sigwait: %d\n", sig);

    signal(SIGPIPE, SIG_IGN);
    int fds[2];
    pipe(fds);
    close(fds[0]);
    printf("write to closed pipe: %zd\n", write(fds[1], "x", 1));
    return 0;
}
