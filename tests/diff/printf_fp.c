/* printf and strtod of doubles, floats and long doubles across many formats. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    static const double v[] = {0.0, -0.0, 1.0, -1.5, 0.1, 123456.789, 1e21, 1e-5, 6.02214076e23,
                               1.7976931348623157e308, 2.2250738585072014e-308, 5e-324, 0.5, 2.5,
                               1e15 + 0.3, 9.999999e-5};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        double x = v[i];
        printf("%%f=%f %%e=%e %%g=%g %%.3f=%.3f %%.0f=%.0f %%10.4g=[%10.4g] %%-12.2e=[%-12.2e] %%+.1f=%+.1f %%a=%a %%.17g=%.17g\n",
               x, x, x, x, x, x, x, x, x, x);
    }
    printf("%.0f %.0f %.0f %.0f\n", 0.5, 1.5, 2.5, -3.5);
    printf("%#g %#.0f %#x\n", 1.0, 2.0, 31);
    printf("%.30f\n", 0.1);
    printf("%.60e\n", 1.0 / 3.0);
    printf("%f %F %e %g\n", 1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0 * 0.0 + 1.0 / 0.0, -(1.0 / 0.0));
    float f = 3.14159265f;
    printf("float %f %.9g %a\n", (double)f, (double)f, (double)f);
    static const long double lv[] = {1.0L, 0.1L, -2.5L, 1e300L * 1e300L, 1.0L / 3.0L, 1e-4000L};
    for (size_t i = 0; i < sizeof lv / sizeof lv[0]; i++)
        printf("long double %%Lf=%Lf %%Le=%.30Le %%Lg=%Lg %%La=%La\n", lv[i], lv[i], lv[i], lv[i]);
    long double acc = 0;
    for (int i = 1; i <= 1000; i++)
        acc += 1.0L / i;
    printf("harmonic(1000) long double %.33Lg\n", acc);
    static const char *strs[] = {"3.14159", "-1e-10", "0x1.8p3", "inf", "1e400", "4.9e-324",
                                 "123456789012345678901234567890", "0.1e1xyz"};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
        char *end;
        double d = strtod(strs[i], &end);
        long double ld = strtold(strs[i], NULL);
        float fl = strtof(strs[i], NULL);
        printf("strtod(%s) = %.17g rest=\"%s\" strtold=%.35Lg strtof=%.9g\n", strs[i], d, end, ld, (double)fl);
    }
    return 0;
}
