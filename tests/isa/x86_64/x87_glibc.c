/* glibc's long double paths under trix vs native: printf("%Lg"/"%La"), strtold, and libm's
 * long double functions that use the implemented x87 instructions (no transcendentals). */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

static volatile long double sink;

/* Signal frames carry the x87 state; the handler starts with the default control word. */
static void on_usr1(int sig)
{
    unsigned short cw;
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    printf("handler cw %#x %.20Lg\n", cw, sqrtl((long double)sig));
}

static void signal_state(void)
{
    unsigned short cw = 0x77f, got;
    __asm__ volatile("fldcw %0" :: "m"(cw));
    signal(SIGUSR1, on_usr1);
    raise(SIGUSR1);
    __asm__ volatile("fnstcw %0" : "=m"(got));
    cw = 0x37f;
    __asm__ volatile("fldcw %0" :: "m"(cw));
    printf("after cw %#x\n", got);
}

int main(void)
{
    static const char *in[] = { "0.1", "3.14159265358979323846264338327950288", "1e4932",
        "1e-4950", "-2.5e-310", "123456789012345678901234567890", "0x1.fffffffffffffffep16383",
        "nan", "-inf", "4.9406564584124654e-324", "1.18973149535723176502e+4932" };
    long double acc = 1;
    for (unsigned i = 0; i < sizeof in / sizeof *in; i++) {
        long double x = strtold(in[i], NULL);
        printf("%s -> %.21Lg %La\n", in[i], x, x);
    }
    for (int i = 1; i <= 40; i++) {
        long double x = (long double)i / 7.0L + i * 1e10L;
        acc = acc * 1.0000001L + x / (i + 0.5L);
        printf("%d %.20Lg %.20Lg %.20Lg %.20Lg %.20Lg %.20Lg %.20Lg %.20Lg\n", i, sqrtl(x),
               fmodl(x, 3.3L), remainderl(x, 0.7L), rintl(x * 1.37L), floorl(-x / 3),
               ldexpl(x, i * 100), frexpl(x, &(int){ 0 }), acc);
        printf("  %Lf %Le %.30Lg %lld %g\n", x / 3, acc, 1.0L / i, llrintl(x * 3.5L), (double)acc);
    }
    sink = acc;
    signal_state();
    return 0;
}
