/* Disassembler corpus: Zba/Zbb/Zbc/Zbs through builtins and idioms gcc 12 maps onto them. */
#include <stdint.h>

uint64_t zbb(uint64_t a, uint64_t b, uint32_t w, int64_t s)
{
    uint64_t r = (uint64_t)__builtin_clzl(a | 1) + __builtin_ctzl(b | 1) + __builtin_popcountl(a);
    r += __builtin_clz(w | 1) + __builtin_ctz(w | 1) + __builtin_popcount(w);
    r += (a & ~b) + (a | ~b) + ~(a ^ b);
    r += (a < b ? a : b) + (s > 5 ? s : 5) + (a > b ? a : b);
    r += (a << 13 | a >> 51) + (a >> (b & 63) | a << (-b & 63));
    r += (uint32_t)(w << 7 | w >> 25) + __builtin_bswap64(a) + (int8_t)s + (int16_t)s;
    r += (uint16_t)a;
    return r;
}

uint64_t zba(uint64_t *p, uint64_t i, uint32_t j, uint64_t k)
{
    return p[i] + p[j] + ((uint64_t)j << 3) + (k << 1) + (k << 2) + (uint64_t)j + ((uint64_t)j << 5);
}

uint64_t zbs(uint64_t a, uint64_t b)
{
    return (a | (1ul << (b & 63))) ^ (a & ~(1ul << 40)) ^ ((a >> (b & 63)) & 1) ^ (a ^ (1ul << 50))
        ^ ((a >> 33) & 1) ^ (a | (1ul << 62)) ^ (a & ~(1ul << (b & 63))) ^ (a ^ (1ul << (b & 63)));
}

uint64_t zbc(uint64_t a, uint64_t b)
{
    uint64_t r;
    __asm__("clmul %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
    __asm__("clmulh %0, %0, %1" : "+r"(r) : "r"(a));
    __asm__("clmulr %0, %0, %1" : "+r"(r) : "r"(b));
    __asm__("orc.b %0, %0" : "+r"(r));
    __asm__("sh1add.uw %0, %0, %1" : "+r"(r) : "r"(b));
    __asm__("slli.uw %0, %0, 7" : "+r"(r));
    __asm__("rolw %0, %0, %1" : "+r"(r) : "r"(b));
    __asm__("roriw %0, %0, 9" : "+r"(r));
    __asm__("bexti %0, %0, 61" : "+r"(r));
    return r;
}
