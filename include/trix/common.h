/* Common definitions: fatal errors, invariants, logging categories. */
#ifndef TRIX_COMMON_H
#define TRIX_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "config.h"

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NORETURN __attribute__((noreturn))
#define PRINTF_FMT(a, b) __attribute__((format(printf, a, b)))
#define UNUSED __attribute__((unused))

extern const char *trix_progname;    /* "trix-riscv64" etc., for messages */

/* Host failure: print "<progname>: <message>" to stderr and exit(1). The one fatal path. */
NORETURN void trix_fatal(const char *fmt, ...) PRINTF_FMT(1, 2);
/* Same, but appends ": strerror(errno)". */
NORETURN void trix_fatal_errno(const char *fmt, ...) PRINTF_FMT(1, 2);
/* Internal invariant failure (a bug in trix, never guest behaviour). */
NORETURN void trix_assert_fail(const char *expr, const char *file, int line);

/* Invariants stay on in every build (SQLite's ALWAYS/NEVER spirit). */
#define ASSERT(x) \
    do { if (unlikely(!(x))) trix_assert_fail(#x, __FILE__, __LINE__); } while (0)
#define ALWAYS(x) ((x) ? 1 : (trix_assert_fail(#x, __FILE__, __LINE__), 0))
#define NEVER(x)  ((x) ? (trix_assert_fail(#x, __FILE__, __LINE__), 1) : 0)
#define UNREACHABLE() trix_assert_fail("unreachable", __FILE__, __LINE__)

/* -d categories (QEMU's names). */
enum {
    LOG_IN_ASM       = 1u << 0,
    LOG_OP           = 1u << 1,
    LOG_OP_OPT       = 1u << 2,
    LOG_OUT_ASM      = 1u << 3,
    LOG_INT          = 1u << 4,
    LOG_EXEC         = 1u << 5,
    LOG_CPU          = 1u << 6,
    LOG_GUEST_ERROR  = 1u << 7,
    LOG_UNIMP        = 1u << 8,
    LOG_STRACE       = 1u << 9,
    LOG_PAGE         = 1u << 10,
    LOG_NOCHAIN      = 1u << 11,
    LOG_MMU          = 1u << 12,
};

extern unsigned trix_log_mask;
extern FILE *trix_log_file;          /* stderr unless -D */

static inline bool log_enabled(unsigned cat) { return (trix_log_mask & cat) != 0; }
void log_printf(const char *fmt, ...) PRINTF_FMT(1, 2);
/* Parse "in_asm,op,..." into trix_log_mask; false (with message printed) on unknown name.
 * "help" prints the list and returns false. */
bool log_parse_mask(const char *list);
bool log_set_file(const char *path);
/* Log under a category: qemu_log_mask() equivalent. */
#define log_mask(cat, ...) \
    do { if (unlikely(log_enabled(cat))) log_printf(__VA_ARGS__); } while (0)

void *trix_malloc0(size_t n);        /* calloc or fatal */
void *trix_realloc(void *p, size_t n);
char *trix_strdup(const char *s);

#endif
