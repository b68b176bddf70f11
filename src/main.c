/* Entry point: picks the emulation mode from the multi-call name (trix-riscv64, ...). */
#include <stdio.h>
#include <string.h>
#include "trix/exec.h"
#include "target/riscv64/cpu.h"
#include "target/arm64/cpu.h"
#include "target/x86_64/cpu.h"
#include "src/user/user.h"
#include "trix/machine.h"

typedef struct TrixMode {
    const char *name;                  /* as in trix-NAME */
    const TargetOps *target;
    bool system;
} TrixMode;

static const TrixMode trix_modes[] = {
    { "riscv64", &rv_target_ops, false },
    { "system-riscv64", &rv_target_ops, true },
    { "aarch64", &a64_target_ops, false },
    { "system-aarch64", &a64_target_ops, true },
    { "x86_64", &x86_target_ops, false },
    { "system-x86_64", &x86_target_ops, true },
};

static void trix_usage(FILE *f)
{
    fprintf(f, "Usage: trix MODE [options...]   or invoke as trix-MODE\n"
               "Modes:\n");
    for (size_t i = 0; i < ARRAY_SIZE(trix_modes); i++)
        fprintf(f, "  %-16s (trix-%s)\n", trix_modes[i].name, trix_modes[i].name);
    fprintf(f, "Run 'trix MODE -h' for the options of a mode.\n");
}

static const TrixMode *trix_find_mode(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(trix_modes); i++)
        if (!strcmp(trix_modes[i].name, name))
            return &trix_modes[i];
    return NULL;
}

static int trix_run_mode(const TrixMode *m, int argc, char **argv)
{
    static char progname[64];
    snprintf(progname, sizeof(progname), "trix-%s", m->name);
    trix_progname = progname;
    exec_init(m->target);
    if (m->system)
        return system_main(m->target, argc, argv);
    return user_main(m->target, argc, argv);
}

int main(int argc, char **argv)
{
    const char *base = strrchr(argv[0], '/');
    base = base ? base + 1 : argv[0];
    if (!strncmp(base, "trix-", 5)) {
        const TrixMode *m = trix_find_mode(base + 5);
        if (!m)
            trix_fatal("unknown mode '%s' (invoked as '%s')", base + 5, base);
        return trix_run_mode(m, argc, argv);
    }
    if (argc < 2) {
        fprintf(stderr, "trix: no mode given\n");
        trix_usage(stderr);
        return 1;
    }
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        trix_usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "-version") || !strcmp(argv[1], "--version")) {
        printf("trix version %s\n", TRIX_VERSION);
        return 0;
    }
    const TrixMode *m = trix_find_mode(argv[1]);
    if (!m) {
        fprintf(stderr, "trix: unknown mode '%s'\n", argv[1]);
        trix_usage(stderr);
        return 1;
    }
    return trix_run_mode(m, argc - 1, argv + 1);
}
