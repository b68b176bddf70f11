/* -d logging categories and the -D log file. */
#include <stdarg.h>
#include <string.h>
#include "trix/common.h"

unsigned trix_log_mask;
FILE *trix_log_file;

static const struct { const char *name; unsigned mask; const char *help; } log_items[] = {
    { "in_asm", LOG_IN_ASM, "show target assembly code for each compiled TB" },
    { "op", LOG_OP, "show IR ops before optimization" },
    { "op_opt", LOG_OP_OPT, "show IR ops after optimization" },
    { "out_asm", LOG_OUT_ASM, "show generated host code (JIT tiers)" },
    { "int", LOG_INT, "show interrupts/exceptions in short format" },
    { "exec", LOG_EXEC, "show trace before each executed TB (lots of logs)" },
    { "cpu", LOG_CPU, "show CPU registers before entering a TB (lots of logs)" },
    { "mmu", LOG_MMU, "log MMU-related activities (page walks, TLB fills, faults)" },
    { "guest_errors", LOG_GUEST_ERROR, "log when the guest OS does something invalid" },
    { "unimp", LOG_UNIMP, "log unimplemented functionality" },
    { "strace", LOG_STRACE, "log every user-mode syscall and its result" },
    { "page", LOG_PAGE, "dump pages at beginning of user mode emulation" },
    { "nochain", LOG_NOCHAIN, "do not chain compiled TBs so that \"exec\" and \"cpu\" show "
                              "complete traces" },
};

void log_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(trix_log_file ? trix_log_file : stderr, fmt, ap);
    va_end(ap);
}

static void log_help(void)
{
    printf("Log items (comma separated):\n");
    for (size_t i = 0; i < ARRAY_SIZE(log_items); i++)
        printf("%-15s %s\n", log_items[i].name, log_items[i].help);
}

static bool log_parse_item(const char *item, size_t len, unsigned *mask)
{
    if (len == 3 && !strncmp(item, "all", 3)) {
        for (size_t i = 0; i < ARRAY_SIZE(log_items); i++)
            if (log_items[i].mask != LOG_NOCHAIN)
                *mask |= log_items[i].mask;
        return true;
    }
    for (size_t i = 0; i < ARRAY_SIZE(log_items); i++) {
        if (strlen(log_items[i].name) == len && !strncmp(item, log_items[i].name, len)) {
            *mask |= log_items[i].mask;
            return true;
        }
    }
    return false;
}

bool log_parse_mask(const char *list)
{
    unsigned mask = 0;
    if (!strcmp(list, "help")) {
        log_help();
        return false;
    }
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ",");
        if (len && !log_parse_item(p, len, &mask)) {
            fprintf(stderr, "%s: -d: unknown log item '%.*s' (try -d help)\n",
                    trix_progname, (int)len, p);
            return false;
        }
        p += len + (p[len] == ',');
    }
    trix_log_mask |= mask;
    return true;
}

bool log_set_file(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "%s: -D: cannot open log file '%s'\n", trix_progname, path);
        return false;
    }
    setvbuf(f, NULL, _IOLBF, 0);
    trix_log_file = f;
    return true;
}
