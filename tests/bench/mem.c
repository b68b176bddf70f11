/* Memory benchmark: pointer chasing through a random cycle over 64 MiB, then strided and
 * sequential sweeps over the same array. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    int scale = argc > 1 ? atoi(argv[1]) : 1;
    const size_t n = (64u << 20) / sizeof(uint64_t); /* 8 Mi entries */
    uint64_t *next = malloc(n * sizeof *next);
    uint32_t *perm = malloc(n * sizeof *perm);
    uint64_t s = 88172645463325252ULL;
    for (size_t i = 0; i < n; i++)
        perm[i] = (uint32_t)i;
    for (size_t i = n - 1; i > 0; i--) { /* Fisher-Yates with xorshift */
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        size_t j = s % (i + 1);
        uint32_t t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    for (size_t i = 0; i < n; i++) /* one big cycle in permutation order */
        next[perm[i]] = perm[(i + 1) % n];
    free(perm);
    uint64_t p = 0, steps = 4000000ULL * scale, chk = 0;
    for (uint64_t i = 0; i < steps; i++) {
        p = next[p];
        chk += p;
    }
    uint64_t sweep = 0;
    for (int rep = 0; rep < 2 * scale; rep++) {
        for (size_t i = 0; i < n; i++)
            sweep += next[i] ^ i;
        for (size_t stride = 1; stride < 4096; stride *= 8)
            for (size_t i = 0; i < n; i += stride)
                next[i] += stride;
    }
    printf("chase end %llu checksum %llu sweep %llu\n", (unsigned long long)p,
           (unsigned long long)chk, (unsigned long long)sweep);
    free(next);
    return 0;
}
