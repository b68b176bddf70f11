/* The one fatal path for host failures, invariant failures, and checked allocation. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "trix/common.h"

const char *trix_progname = "trix";

static NORETURN void fatal_va(const char *fmt, va_list ap, int err)
{
    fflush(stdout);
    fprintf(stderr, "%s: ", trix_progname);
    vfprintf(stderr, fmt, ap);
    if (err)
        fprintf(stderr, ": %s", strerror(err));
    fputc('\n', stderr);
    exit(1);
}

void trix_fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fatal_va(fmt, ap, 0);
}

void trix_fatal_errno(const char *fmt, ...)
{
    int err = errno;
    va_list ap;
    va_start(ap, fmt);
    fatal_va(fmt, ap, err);
}

void trix_assert_fail(const char *expr, const char *file, int line)
{
    fflush(stdout);
    fprintf(stderr, "%s: internal error: assertion '%s' failed at %s:%d\n",
            trix_progname, expr, file, line);
    abort();
}

void *trix_malloc0(size_t n)
{
    void *p = calloc(1, n ? n : 1);
    if (!p)
        trix_fatal("out of memory allocating %zu bytes", n);
    return p;
}

void *trix_realloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        trix_fatal("out of memory allocating %zu bytes", n);
    return p;
}

char *trix_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(trix_malloc0(n), s, n);
}

#ifdef __SANITIZE_ADDRESS__
/* --enable-sanitizers: machines, devices and CPU state live until exit and are not torn
 * down, so leak reports at exit are noise; memory errors are still fatal. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "detect_leaks=0"; }
#endif
