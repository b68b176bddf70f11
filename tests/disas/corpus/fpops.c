/* Disassembler corpus: single and double precision arithmetic, conversions and compares. */
#include <math.h>
#include <stdint.h>

double dmath(double a, double b, double c, float f, int i, unsigned u, long l, unsigned long ul)
{
    double r = a * b + c;
    r -= a * b - c;
    r += -(a * b) + c;
    r = r / (b - a) + sqrt(c) + fabs(a) + copysign(b, c) - (-c);
    r += fmin(a, b) + fmax(b, c) + f + i + u + l + ul;
    return r < a ? r : (r <= b ? b : (r == c ? c : a));
}

float smath(float a, float b, float c, double d, int32_t i, uint64_t u)
{
    float r = fmaf(a, b, c) + sqrtf(a) + fabsf(b) - fminf(a, c) * fmaxf(b, c);
    return r / (float)d + (float)i + (float)u + copysignf(a, -b);
}

long conv(double a, float b, int64_t *out)
{
    out[0] = (long)a;
    out[1] = (unsigned long)b;
    out[2] = (int)a + (unsigned)b;
    out[3] = lrint(a) + lround(b);
    return __builtin_isnan(a) + __builtin_isinf(b) + (long)(float)a;
}

uint64_t bits_of(double d, float f) { union { double d; uint64_t u; } x = { d }; union { float f; uint32_t u; } y = { f }; return x.u ^ y.u; }
