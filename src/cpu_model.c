/* -cpu MODEL[,NAME[=VALUE]]...: one parser for system and user mode; the target owns the names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "trix/exec.h"

static void cpu_model_list(const TargetOps *t)
{
    printf("Available CPUs:\n");
    for (const TargetCpuModel *m = t->cpu_models; m && m->name; m++)
        printf("  %-10s %s\n", m->name, m->desc);
    if (t->cpu_props_list) {
        printf("\n");
        t->cpu_props_list(stdout);
    }
}

static bool cpu_model_known(const TargetOps *t, const char *name, size_t n)
{
    for (const TargetCpuModel *m = t->cpu_models; m && m->name; m++)
        if (strlen(m->name) == n && !strncmp(name, m->name, n))
            return true;
    return false;
}

/* One NAME[=VALUE] element; false with err set. */
static bool cpu_model_prop(const TargetOps *t, const char *arg, char *opt, char *err, size_t len)
{
    char *eq = strchr(opt, '=');
    if (eq)
        *eq++ = 0;
    const char *why = t->cpu_set_prop ? t->cpu_set_prop(opt, eq) : "property not found";
    if (why)
        snprintf(err, len, "-cpu %s: property '%s': %s", arg, opt, why);
    return !why;
}

bool cpu_model_parse(const TargetOps *t, const char *arg, char *err, size_t len)
{
    if (!strcmp(arg, "help") || !strcmp(arg, "?")) {
        cpu_model_list(t);
        exit(0);
    }
    size_t n = strcspn(arg, ",");
    if (!cpu_model_known(t, arg, n)) {
        snprintf(err, len, "-cpu %s: unable to find CPU model '%.*s' (-cpu help lists them)",
                 arg, (int)n, arg);
        return false;
    }
    if (t->cpu_set_prop)
        t->cpu_set_prop(NULL, NULL);        /* the last -cpu wins, as in QEMU */
    char *s = trix_strdup(arg[n] ? arg + n + 1 : ""), *save = NULL;
    bool ok = true;
    for (char *o = strtok_r(s, ",", &save); o && ok; o = strtok_r(NULL, ",", &save)) {
        if (!strcmp(o, "help") || !strcmp(o, "?")) {
            if (t->cpu_props_list)
                t->cpu_props_list(stdout);
            exit(0);
        }
        ok = cpu_model_prop(t, arg, o, err, len);
    }
    free(s);
    const char *why = ok && t->cpu_props_check ? t->cpu_props_check() : NULL;
    if (why)
        snprintf(err, len, "-cpu %s: %s", arg, why);
    return ok && !why;
}
