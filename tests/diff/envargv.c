/* argv and the environment echoed back (environment sorted; tests.sh runs with a fixed one),
 * plus the auxiliary vector entries that do not vary between runs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

extern char **environ;

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv)
{
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=\"%s\" (%zu bytes)\n", i, argv[i], strlen(argv[i]));
    printf("argv[argc] is NULL: %d\n", argv[argc] == NULL);
    int n = 0;
    while (environ[n])
        n++;
    char **env = malloc((n + 1) * sizeof *env);
    memcpy(env, environ, (n + 1) * sizeof *env);
    qsort(env, n, sizeof *env, cmp);
    for (int i = 0; i < n; i++)
        if (strncmp(env[i], "TRIX_DIFF_", 10) == 0)
            printf("env %s\n", env[i]);
    printf("getenv TRIX_DIFF_B=%s missing=%s\n", getenv("TRIX_DIFF_B"), getenv("TRIX_DIFF_NOPE") ? "set" : "(null)");
    setenv("TRIX_DIFF_NEW", "added", 1);
    unsetenv("TRIX_DIFF_A");
    printf("after setenv/unsetenv: NEW=%s A=%s\n", getenv("TRIX_DIFF_NEW"), getenv("TRIX_DIFF_A") ? "set" : "(null)");
    printf("AT_PAGESZ=%lu sysconf pagesize=%ld\n", getauxval(AT_PAGESZ), sysconf(_SC_PAGESIZE));
    printf("AT_UID matches getuid: %d, AT_EUID matches: %d\n", getauxval(AT_UID) == getuid(),
           getauxval(AT_EUID) == geteuid());
    printf("AT_RANDOM present: %d, AT_PHDR present: %d\n", getauxval(AT_RANDOM) != 0, getauxval(AT_PHDR) != 0);
    printf("AT_SECURE=%lu\n", getauxval(AT_SECURE));
    return 0;
}
