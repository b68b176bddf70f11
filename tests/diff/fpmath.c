/* Floating point through libm: every result printed exactly with %.17g and %a. */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdio.h>

static void show(const char *what, double x) { printf("%-14s %.17g %a\n", what, x, x); }
static void showf(const char *what, float x) { printf("%-14s %.9g %a\n", what, (double)x, (double)x); }

int main(void)
{
    static const double xs[] = {0.0, -0.0, 1e-310, 0.5, 1.0, 2.0, 3.141592653589793, 10.0, 1e10,
                                -2.5, 100.25, 710.0, -745.5};
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        double x = xs[i];
        char l[32];
        printf("x = %.17g\n", x);
        snprintf(l, sizeof l, "sin"), show(l, sin(x));
        snprintf(l, sizeof l, "cos"), show(l, cos(x));
        snprintf(l, sizeof l, "tan"), show(l, tan(x));
        snprintf(l, sizeof l, "exp"), show(l, exp(x));
        snprintf(l, sizeof l, "log"), show(l, log(x));
        snprintf(l, sizeof l, "log10"), show(l, log10(x));
        snprintf(l, sizeof l, "sqrt"), show(l, sqrt(x));
        snprintf(l, sizeof l, "cbrt"), show(l, cbrt(x));
        snprintf(l, sizeof l, "pow(x,1.5)"), show(l, pow(x, 1.5));
        snprintf(l, sizeof l, "pow(1.1,x)"), show(l, pow(1.1, x));
        snprintf(l, sizeof l, "atan2(x,3)"), show(l, atan2(x, 3.0));
        snprintf(l, sizeof l, "sinh"), show(l, sinh(x));
        snprintf(l, sizeof l, "tanh"), show(l, tanh(x));
        snprintf(l, sizeof l, "floor"), show(l, floor(x));
        snprintf(l, sizeof l, "round"), show(l, round(x));
        snprintf(l, sizeof l, "fmod(x,0.7)"), show(l, fmod(x, 0.7));
        snprintf(l, sizeof l, "hypot(x,4)"), show(l, hypot(x, 4.0));
        snprintf(l, sizeof l, "sinf"), showf(l, sinf((float)x));
        snprintf(l, sizeof l, "expf"), showf(l, expf((float)x));
        snprintf(l, sizeof l, "sqrtf"), showf(l, sqrtf((float)x));
    }
    show("inf", INFINITY);
    show("-inf", -INFINITY);
    show("1/3", 1.0 / 3.0);
    show("DBL_MIN", DBL_MIN);
    show("DBL_MAX", DBL_MAX);
    show("denorm min", 4.9406564584124654e-324);
    printf("nan is nan: %d, signbit(-0.0)=%d, isinf=%d\n", isnan(NAN), signbit(-0.0) != 0, isinf(1.0 / 0.0));
    show("fma", fma(0.1, 10.0, -1.0));
    show("0.1+0.2", 0.1 + 0.2);
    float f = 16777216.0f;
    showf("2^24+1 (float)", f + 1.0f);
    int rms[] = {FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD};
    const char *rmn[] = {"nearest", "zero", "down", "up"};
    for (int i = 0; i < 4; i++) {
        volatile double a = 1.0, b = 3.0, c = -2.5;
        fesetround(rms[i]);
        double q = a / b, r = rint(c), s = nearbyint(2.5);
        fesetround(FE_TONEAREST);
        printf("round %-7s 1/3=%a rint(-2.5)=%g nearbyint(2.5)=%g\n", rmn[i], q, r, s);
    }
    feclearexcept(FE_ALL_EXCEPT);
    volatile double z = 0.0;
    volatile double bad = z / z;
    (void)bad;
    printf("FE_INVALID after 0/0: %d\n", fetestexcept(FE_INVALID) != 0);
    double sum = 0;
    for (int i = 1; i <= 100000; i++)
        sum += 1.0 / ((double)i * i);
    show("basel sum", sum);
    long double ld = 1.0L / 3.0L;
    printf("long double 1/3 %.36Lg %La\n", ld, ld);
    printf("long double sqrtl(2) %.36Lg\n", sqrtl(2.0L));
    return 0;
}
