/* Exit status: output flushed by exit(), atexit handlers run in reverse order, status 42. */
#include <stdio.h>
#include <stdlib.h>

static void first(void) { printf("atexit: registered first, runs last\n"); }
static void second(void) { printf("atexit: registered second, runs first\n"); }

int main(int argc, char **argv)
{
    atexit(first);
    atexit(second);
    printf("buffered output before exit");  /* no newline: exit() must flush it */
    printf("\n%s exiting with %d\n", argc > 1 ? argv[1] : "program", 42);
    exit(42);
}
