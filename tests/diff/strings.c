/* String handling: libc string functions, tokenizing, formatting, in-place transforms. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void reverse(char *s)
{
    for (size_t i = 0, j = strlen(s); i + 1 < j; i++, j--) {
        char c = s[i];
        s[i] = s[j - 1];
        s[j - 1] = c;
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
    char text[] = "the quick brown fox jumps over the lazy dog; THE END, said the fox";
    char buf[256], *words[64], *save;
    int n = 0;

    printf("length %zu\n", strlen(text));
    printf("strchr 'q' at %td, strrchr 'o' at %td\n", strchr(text, 'q') - text, strrchr(text, 'o') - text);
    printf("strstr \"fox\" at %td, second at %td\n", strstr(text, "fox") - text,
           strstr(strstr(text, "fox") + 1, "fox") - text);
    printf("strspn %zu strcspn %zu\n", strspn(text, "the "), strcspn(text, ";,"));

    strcpy(buf, text);
    for (char *w = strtok_r(buf, " ;,", &save); w; w = strtok_r(NULL, " ;,", &save))
        words[n++] = w;
    printf("%d words\n", n);
    qsort(words, n, sizeof words[0], cmp_str);
    for (int i = 0; i < n; i++)
        printf("%s%s", words[i], i + 1 < n ? " " : "\n");

    int counts[26] = {0};
    for (char *p = text; *p; p++)
        if (isalpha((unsigned char)*p))
            counts[tolower((unsigned char)*p) - 'a']++;
    for (int i = 0; i < 26; i++)
        if (counts[i])
            printf("%c=%d ", 'a' + i, counts[i]);
    printf("\n");

    strcpy(buf, "Hello, World");
    reverse(buf);
    printf("reversed: %s\n", buf);
    for (char *p = buf; *p; p++)
        *p = islower((unsigned char)*p) ? toupper((unsigned char)*p) : tolower((unsigned char)*p);
    printf("swapcase: %s\n", buf);

    memset(buf, 0, sizeof buf);
    memcpy(buf, "0123456789abcdef", 16);
    memmove(buf + 3, buf, 10);
    printf("memmove forward: %s\n", buf);
    memmove(buf, buf + 5, 8);
    printf("memmove backward: %s\n", buf);
    printf("memcmp %d %d %d\n", memcmp("abc", "abd", 3) < 0, memcmp("abc", "abc", 3),
           memcmp("b", "a", 1) > 0);
    printf("strncmp %d strcasecmp %d\n", strncmp("abcdef", "abcxyz", 3), strcasecmp("HeLLo", "hello"));

    char *dup = strdup("duplicate me");
    dup[0] = 'D';
    printf("%s (%zu)\n", dup, strlen(dup));
    free(dup);

    int len = snprintf(buf, 20, "%s|%5d|%-5d|%05.1f|%x|%o|%c", "abc", 42, 42, 3.14159, 255, 8, 'Z');
    printf("snprintf truncated to \"%s\", wanted %d\n", buf, len);
    snprintf(buf, sizeof buf, "%+d %+d % d %.3s %*d %-*d|", 5, -5, 7, "truncate", 6, 12, 4, 3);
    printf("%s\n", buf);
    printf("%lld %llu %lx %#lo %#x\n", -9223372036854775807LL - 1, 18446744073709551615ULL,
           0xdeadbeefcafeUL, 511UL, 0);

    /* Build a long string and checksum it. */
    char *big = malloc(100001);
    for (int i = 0; i < 100000; i++)
        big[i] = 'a' + (i * 7 + i / 13) % 26;
    big[100000] = 0;
    unsigned long h = 5381;
    for (char *p = big; *p; p++)
        h = h * 33 + (unsigned char)*p;
    printf("big string length %zu hash %lu, count of 'e' %d\n", strlen(big), h,
           (int)(strlen(big) - strlen(strchr(big, 'e'))));
    free(big);
    return 0;
}
