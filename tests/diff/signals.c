/* Signals: raise with a handler, SA_SIGINFO details, masking and pending signals, alarm,
 * SIGSEGV caught and escaped with siglongjmp, handlers on an alternate stack. */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t got_usr1, got_alarm, got_usr2_info;
static volatile int info_signo, info_code;
static sigjmp_buf segv_env;
static volatile void *fault_addr;
static volatile int on_altstack;
static char altstack[65536];

static void on_usr1(int sig) { got_usr1 += sig; }
static void on_alarm(int sig) { (void)sig; got_alarm = 1; }
static void on_usr2(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    got_usr2_info++;
    info_signo = si->si_signo;
    info_code = si->si_code;
    (void)sig;
}
static void on_segv(int sig, siginfo_t *si, void *uc)
{
    (void)sig, (void)uc;
    char here;
    fault_addr = si->si_addr;
    on_altstack = &here >= altstack && &here < altstack + sizeof altstack;
    siglongjmp(segv_env, 1);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    printf("after raise: got_usr1=%d\n", got_usr1);

    sa.sa_handler = NULL;
    sa.sa_sigaction = on_usr2;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    printf("SA_SIGINFO: count=%d signo=%d code=%d (SI_TKILL=%d)\n", got_usr2_info, info_signo,
           info_code, SI_TKILL);

    /* Block, send, observe pending, unblock: delivered exactly once. */
    sigset_t set, old, pend;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, &old);
    got_usr1 = 0;
    kill(getpid(), SIGUSR1);
    kill(getpid(), SIGUSR1);
    sigpending(&pend);
    printf("blocked: got_usr1=%d pending=%d\n", got_usr1, sigismember(&pend, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("unblocked: got_usr1=%d (standard signals do not queue)\n", got_usr1 / SIGUSR1);

    /* Ignored signal. */
    signal(SIGUSR1, SIG_IGN);
    raise(SIGUSR1);
    printf("ignored SIGUSR1 survived\n");

    /* alarm with a handler; pause until it fires. */
    signal(SIGALRM, on_alarm);
    alarm(1);
    while (!got_alarm)
        pause();
    printf("alarm fired\n");

    /* SIGSEGV on an alternate stack, escaped with siglongjmp; do it twice so the mask is
     * restored properly by siglongjmp. */
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
    sigaltstack(&ss, NULL);
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGSEGV, &sa, NULL);
    for (int i = 0; i < 2; i++) {
        if (sigsetjmp(segv_env, 1) == 0) {
            volatile int *p = (volatile int *)(uintptr_t)(0x100 + 8 * i);
            *p = 42;
            printf("no fault?\n");
        } else {
            printf("caught SIGSEGV %d at %p, on alternate stack: %d\n", i, (void *)fault_addr,
                   on_altstack);
        }
    }
    /* A read fault too. */
    if (sigsetjmp(segv_env, 1) == 0) {
        volatile long v = *(volatile long *)(uintptr_t)8;
        printf("read %ld?\n", v);
    } else {
        printf("caught read fault at %p\n", (void *)fault_addr);
    }
    sigset_t now;
    sigprocmask(SIG_SETMASK, NULL, &now);
    printf("SIGSEGV blocked after siglongjmp: %d\n", sigismember(&now, SIGSEGV));
    return 0;
}
