/* User-mode program for the gdb test: main calls a function with a local to print. */
#include <stdio.h>

static int __attribute__((noinline)) square(int x)
{
    int result = x * x;
    return result;
}

int main(void)
{
    int local = 6;
    int sq = square(local);
    printf("square %d\n", sq);
    return sq == 36 ? 0 : 1;
}
