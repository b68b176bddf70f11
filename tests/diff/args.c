/* Command-line parsing: getopt with flags, arguments and errors; strtol/strtoul/strtoll in
 * several bases with range errors. Run with fixed arguments by tests.sh. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int opt, verbose = 0;
    const char *name = "none";
    long count = 1;
    opterr = 0;
    while ((opt = getopt(argc, argv, "vn:c:")) != -1) {
        switch (opt) {
        case 'v':
            verbose++;
            break;
        case 'n':
            name = optarg;
            break;
        case 'c':
            count = strtol(optarg, NULL, 0);
            break;
        case '?':
            printf("unknown option -%c\n", optopt);
            break;
        }
    }
    printf("verbose=%d name=%s count=%ld first operand index=%d\n", verbose, name, count, optind);
    for (int i = optind; i < argc; i++) {
        char *end;
        errno = 0;
        long v = strtol(argv[i], &end, 0);
        int e1 = errno;
        errno = 0;
        unsigned long u = strtoul(argv[i], NULL, 16);
        int e2 = errno;
        errno = 0;
        long long ll = strtoll(argv[i], NULL, 36);
        int e3 = errno;
        printf("operand %-24s strtol=%ld%s rest=\"%s\" strtoul16=%lu%s strtoll36=%lld%s\n", argv[i],
               v, e1 == ERANGE ? "(ERANGE)" : "", end, u, e2 == ERANGE ? "(ERANGE)" : "", ll,
               e3 == ERANGE ? "(ERANGE)" : "");
    }
    printf("atoi(\"  -42abc\")=%d atol(\"+7\")=%ld LONG_MIN=%ld\n", atoi("  -42abc"), atol("+7"), LONG_MIN);
    return 0;
}
