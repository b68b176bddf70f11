/* Disassembler corpus: integer arithmetic, branches, calls, switches, loads and stores. */
#include <stdint.h>

long table_switch(long x, long y)
{
    switch (x) {
    case 0: return y + 1;
    case 1: return y * 3;
    case 2: return y / 7;
    case 3: return y % 11;
    case 4: return (unsigned long)y / 13;
    case 5: return y << 9;
    case 6: return y >> 3;
    case 7: return (unsigned long)y >> 5;
    default: return -y;
    }
}

int32_t word_ops(int32_t a, int32_t b, uint32_t c)
{
    return (a + b) * (a - b) / (b | 1) + (int32_t)(c >> 3) + (a << 7) - (a % (b | 1));
}

uint64_t mixed(uint64_t a, int64_t b, const uint8_t *p, int16_t *q)
{
    uint64_t r = a ^ (uint64_t)b;
    r += p[3] + p[-100] + (uint64_t)q[7];
    r |= (uint64_t)(b < 0) | ((uint64_t)(a < 42u) << 1) | ((uint64_t)(b == 0) << 2);
    q[9] = (int16_t)r;
    ((uint32_t *)q)[100] = (uint32_t)a;
    return r & 0xfff0 ? r : ~r;
}

static long helper(long x) { return x * 0x123456789abLL; }

long loops(long *v, long n)
{
    long s = 0;
    for (long i = 0; i < n; i++) {
        if (v[i] > 100)
            s += helper(v[i]);
        else if (v[i] >= -5)
            s -= v[i];
        else
            s ^= (unsigned long)v[i] >> 1;
    }
    return s + 0x7fffffffL + 2048 + (long)(unsigned)n;
}

__uint128_t wide(uint64_t a, uint64_t b, __int128 c) { return (__uint128_t)a * b + (__uint128_t)(c * c); }
