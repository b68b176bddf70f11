/* glibc's string and memory functions (the SSE2 variants glibc picks for trix's CPUID, the
 * AVX2/EVEX ones natively) over many lengths, alignments and contents: the same results. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* One hash per call site, so that a mismatch names the function. */
static unsigned long long hs[32];
static int site;
static void mix(unsigned long long v)
{
    unsigned long long *h = &hs[site++ % 32];
    *h = (*h ^ v) * 1099511628211ull;
}
static unsigned rnd_state = 12345;
static unsigned rnd(void) { rnd_state = rnd_state * 1103515245u + 12345u; return rnd_state >> 8; }

int main(void)
{
    static char buf[8192], buf2[8192];
    for (int iter = 0; iter < 3000; iter++) {
        site = 0;
        int off = rnd() % 64, len = rnd() % (iter < 1500 ? 80 : 1500), off2 = rnd() % 64;
        for (int i = 0; i < (int)sizeof buf; i++)
            buf[i] = (char)('a' + rnd() % 6), buf2[i] = buf[i];
        buf[off + len] = 0;
        buf2[off2 + len] = 0;
        memcpy(buf2 + off2, buf + off, (size_t)len);
        if (len && rnd() % 3 == 0)
            buf2[off2 + rnd() % len] ^= 1;
        char c = (char)('a' + rnd() % 7);
        mix(strlen(buf + off));
        mix(strnlen(buf + off, (size_t)(rnd() % 100)));
        char *p = strchr(buf + off, c); mix(p ? (unsigned long long)(p - buf) : 1);
        p = strrchr(buf + off, c); mix(p ? (unsigned long long)(p - buf) : 2);
        p = memchr(buf + off, c, (size_t)len); mix(p ? (unsigned long long)(p - buf) : 3);
        p = memrchr(buf + off, c, (size_t)len); mix(p ? (unsigned long long)(p - buf) : 4);
        int r = strcmp(buf + off, buf2 + off2); mix(r < 0 ? 5 : r > 0 ? 6 : 7);
        r = strncmp(buf + off, buf2 + off2, (size_t)(rnd() % 200)); mix(r < 0 ? 5 : r > 0 ? 6 : 7);
        r = memcmp(buf + off, buf2 + off2, (size_t)len); mix(r < 0 ? 5 : r > 0 ? 6 : 7);
        mix(strspn(buf + off, "abc"));
        mix(strcspn(buf + off, "ef"));
        p = strstr(buf + off, "abca"); mix(p ? (unsigned long long)(p - buf) : 8);
        p = strpbrk(buf + off, "f"); mix(p ? (unsigned long long)(p - buf) : 9);
        static char dst[8192];
        memset(dst, rnd() & 0xff, sizeof dst);
        memcpy(dst + off2, buf + off, (size_t)len);
        memmove(dst + off2 + 3, dst + off2, (size_t)len);
        memset(dst + off, (int)c, (size_t)(len / 2));
        strcpy(dst + 4096 + off2, buf + off);
        strcat(dst + 4096 + off2, "xyz");
        unsigned long long dh = 0;
        for (int i = 0; i < (int)sizeof dst; i += 8) {
            unsigned long long v;
            memcpy(&v, dst + i, 8);
            dh = (dh ^ v) * 1099511628211ull;
        }
        mix(dh);
    }
    for (int i = 0; i < 17; i++)
        printf("%d %016llx\n", i, hs[i]);
    return 0;
}
