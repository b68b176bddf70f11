/* User-mode extension switches: runs sh1add (Zba) and mul (M); prints each result or SIGILL.
 * With an argument it first re-executes itself without one (the switches survive execve). */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <sys/auxv.h>
#include <unistd.h>

static sigjmp_buf env;

static void on_sigill(int sig) { siglongjmp(env, 1); }

static long sh1add(long a, long b)
{
    long r;
    __asm__ volatile(".insn r 0x33, 2, 0x10, %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
    return r;
}

static long mul(long a, long b)
{
    long r;
    __asm__ volatile(".insn r 0x33, 0, 0x01, %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
    return r;
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        execl(argv[0], argv[0], (char *)0);
        return 99;
    }
    signal(SIGILL, on_sigill);
    if (sigsetjmp(env, 1) == 0)
        printf("zba: %ld\n", sh1add(3, 4));
    else
        printf("zba: SIGILL\n");
    if (sigsetjmp(env, 1) == 0)
        printf("m: %ld\n", mul(6, 7));
    else
        printf("m: SIGILL\n");
    printf("hwcap: %#lx\n", getauxval(AT_HWCAP));
    return 0;
}
