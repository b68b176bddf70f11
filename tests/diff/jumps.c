/* Non-local control flow: setjmp/longjmp through nested calls, values, and preserved state. */
#include <setjmp.h>
#include <stdio.h>

static jmp_buf env, env2;
static int depth_reached;

static void dive(int depth, int limit)
{
    volatile char pad[64];
    pad[depth % 64] = (char)depth;
    depth_reached = depth + pad[depth % 64] - depth;
    if (depth == limit)
        longjmp(env, depth * 10);
    dive(depth + 1, limit);
}

static int error_path(int x)
{
    if (x < 0)
        longjmp(env2, 0); /* longjmp with 0 makes setjmp return 1 */
    return x * 2;
}

int main(void)
{
    static int limit;
    for (limit = 0; limit < 50; limit += 7) {
        int r = setjmp(env);
        if (r == 0) {
            dive(0, limit);
            printf("not reached\n");
        } else {
            printf("limit %d: setjmp returned %d, depth %d\n", limit, r, depth_reached);
        }
    }
    volatile int counter = 0;
    int r = setjmp(env2);
    printf("setjmp returned %d, counter %d\n", r, counter);
    if (counter < 3) {
        counter++;
        int v = error_path(counter == 3 ? -1 : counter);
        printf("error_path gave %d\n", v);
        longjmp(env2, 100 + counter);
    }
    /* Floating-point and callee-saved state survive a longjmp. */
    volatile double d = 1.25;
    volatile long acc = 0;
    if (setjmp(env) == 0) {
        for (int i = 0; i < 1000; i++)
            acc += i;
        d *= 2;
        longjmp(env, 1);
    }
    printf("after longjmp acc=%ld d=%g\n", acc, d);
    sigjmp_buf sj;
    int n = sigsetjmp(sj, 1);
    if (n < 5)
        siglongjmp(sj, n + 1);
    printf("sigsetjmp loop ended at %d\n", n);
    return 0;
}
