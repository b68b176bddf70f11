/* Integer benchmark: a sieve of Eratosthenes, then a multiply/xor/rotate hashing loop. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    int scale = argc > 1 ? atoi(argv[1]) : 1;
    const int n = 8000000;
    unsigned char *composite = calloc(n + 1, 1);
    long primes = 0, sum = 0;
    for (int rep = 0; rep < scale; rep++) {
        for (int i = 0; i <= n; i++)
            composite[i] = 0;
        primes = 0;
        sum = 0;
        for (long i = 2; i <= n; i++) {
            if (composite[i])
                continue;
            primes++;
            sum += i;
            for (long j = i * i; j <= n; j += i)
                composite[j] = 1;
        }
    }
    uint64_t h = 0x243f6a8885a308d3ULL, acc = 0;
    for (uint64_t i = 0; i < 30000000ULL * scale; i++) {
        h ^= i;
        h *= 0x9e3779b97f4a7c15ULL;
        h = (h << 23) | (h >> 41);
        acc += h >> (i & 31);
        acc ^= (uint32_t)h / ((uint32_t)i | 1);
    }
    printf("primes below %d: %ld, sum %ld\nhash %016llx acc %016llx\n", n, primes, sum,
           (unsigned long long)h, (unsigned long long)acc);
    free(composite);
    return 0;
}
