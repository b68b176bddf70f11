/* A busy recursive computation: naive Fibonacci plus Ackermann, call-heavy and branchy. */
#include <stdio.h>

static long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static int ack(int m, int n)
{
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

int main(void)
{
    for (int i = 0; i <= 27; i += 3)
        printf("fib(%d) = %ld\n", i, fib(i));
    printf("ack(2, 300) = %d\n", ack(2, 300));
    printf("ack(3, 6) = %d\n", ack(3, 6));
    return 0;
}
