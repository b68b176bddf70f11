/* Hostile to the signal trampoline: the handler learns its return address (ra on riscv64),
 * the program unmaps that page and maps something else there with MAP_FIXED; the next handler
 * must still return (the trampoline lives where the guest cannot take it). */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static volatile uintptr_t ret;
static volatile int hits;

static void on_usr1(int sig)
{
    hits++;
    ret = (uintptr_t)__builtin_return_address(0);
}

int main(void)
{
    signal(SIGUSR1, on_usr1);
    raise(SIGUSR1);
    void *page = (void *)(ret & ~(uintptr_t)4095);
    munmap(page, 4096);
    void *m = mmap(page, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                   -1, 0);
    if (m != MAP_FAILED)
        memset(m, 0, 4096);
    raise(SIGUSR1);
    printf("handler returned %d times\n", hits);
    return hits == 2 ? 0 : 1;
}
