/* Exit status and death-by-signal propagation: argv[1] selects how the program ends. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    const char *how = argc > 1 ? argv[1] : "exit";
    printf("ending by %s\n", how);
    fflush(stdout);
    if (!strcmp(how, "exit"))
        exit(77);
    if (!strcmp(how, "abort"))
        abort();
    if (!strcmp(how, "segv"))
        *(volatile int *)16 = 1;
    if (!strcmp(how, "term"))
        kill(getpid(), SIGTERM);
    if (!strcmp(how, "ill"))
        __asm__ volatile(".word 0");
    if (!strcmp(how, "ebreak"))
        __asm__ volatile("ebreak");
    if (!strcmp(how, "pipe")) {
        int p[2];
        pipe(p);
        close(p[0]);
        write(p[1], "x", 1);
    }
    return 1;
}
