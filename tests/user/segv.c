/* A wild pointer raises SIGSEGV; the handler checks si_addr and longjmps out. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static sigjmp_buf env;
static void *fault_addr;
static int fault_code;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    fault_addr = si->si_addr;
    fault_code = si->si_code;
    siglongjmp(env, 1);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    volatile int *p = (int *)0x1234;
    if (!sigsetjmp(env, 1)) {
        *p = 1;
        printf("no fault?\n");
    }
    printf("caught: addr=%p maperr=%d\n", fault_addr, fault_code == SEGV_MAPERR);
    char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (!sigsetjmp(env, 1)) {
        ro[10] = 1;
        printf("no fault?\n");
    }
    printf("caught: offset=%ld accerr=%d\n", (long)((char *)fault_addr - ro),
           fault_code == SEGV_ACCERR);
    /* the signal is unblocked again after siglongjmp */
    if (!sigsetjmp(env, 1))
        *(volatile char *)8 = 0;
    printf("caught again: addr=%p\n", fault_addr);
    return 0;
}
