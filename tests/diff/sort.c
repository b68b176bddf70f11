/* Sorting: qsort and a hand-written merge sort over pseudo-random data, checked and hashed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 0x9e3779b97f4a7c15ULL;
static uint64_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

struct rec { int key; int seq; char name[12]; };
static int cmp_rec(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;
    if (x->key != y->key)
        return x->key - y->key;
    return x->seq - y->seq;
}

static void merge_sort(int32_t *a, int32_t *tmp, size_t n)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    merge_sort(a, tmp, h);
    merge_sort(a + h, tmp, n - h);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = a[j] < a[i] ? a[j++] : a[i++];
    while (i < h)
        tmp[k++] = a[i++];
    while (j < n)
        tmp[k++] = a[j++];
    memcpy(a, tmp, n * sizeof *a);
}

int main(void)
{
    enum { N = 200000 };
    int64_t *v = malloc(N * sizeof *v);
    for (int i = 0; i < N; i++)
        v[i] = (int64_t)next();
    qsort(v, N, sizeof *v, cmp_i64);
    int ok = 1;
    uint64_t h = 0;
    for (int i = 0; i < N; i++) {
        if (i && v[i - 1] > v[i])
            ok = 0;
        h = h * 1000003 ^ (uint64_t)v[i];
    }
    printf("qsort int64: sorted=%d min=%lld max=%lld median=%lld hash=%016llx\n", ok,
           (long long)v[0], (long long)v[N - 1], (long long)v[N / 2], (unsigned long long)h);
    free(v);

    int32_t *a = malloc(N * sizeof *a), *tmp = malloc(N * sizeof *tmp);
    for (int i = 0; i < N; i++)
        a[i] = (int32_t)(next() % 100000) - 50000;
    merge_sort(a, tmp, N);
    ok = 1;
    h = 0;
    for (int i = 0; i < N; i++) {
        if (i && a[i - 1] > a[i])
            ok = 0;
        h = h * 31 + (uint32_t)a[i];
    }
    printf("merge sort int32: sorted=%d first=%d last=%d hash=%016llx\n", ok, a[0], a[N - 1],
           (unsigned long long)h);
    free(a);
    free(tmp);

    struct rec r[20];
    for (int i = 0; i < 20; i++) {
        r[i].key = (int)(next() % 5);
        r[i].seq = i;
        snprintf(r[i].name, sizeof r[i].name, "item%02d", i);
    }
    qsort(r, 20, sizeof r[0], cmp_rec);
    for (int i = 0; i < 20; i++)
        printf("%d:%s%s", r[i].key, r[i].name, i < 19 ? " " : "\n");

    int64_t key = 0, arr[100];
    for (int i = 0; i < 100; i++)
        arr[i] = i * 3;
    int found = 0;
    for (key = 0; key < 300; key++)
        found += bsearch(&key, arr, 100, sizeof arr[0], cmp_i64) != NULL;
    printf("bsearch found %d of 300\n", found);
    return 0;
}
