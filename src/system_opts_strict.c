/* Strict parsing of -smp topology, -m sub-options, -M properties and -cpu (QEMU's rules). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "trix/machine.h"
#include "system_int.h"

static long cli_smp_num(const char *arg, const char *key, const char *val)
{
    char *end;
    errno = 0;
    long v = strtol(val, &end, 10);
    if (errno || end == val || *end || v < 0)
        trix_fatal("-smp %s: Parameter '%s' expects a number", arg, key);
    return v;
}

/* -smp [cpus=]N[,sockets=S][,dies=1][,clusters=1][,cores=C][,threads=T][,maxcpus=M] */
void cli_smp_parse(MachineState *ms, const char *arg)
{
    long cpus = 0, sockets = 0, cores = 0, threads = 0, maxcpus = 0;
    char *s = trix_strdup(arg), *save = NULL;
    for (char *opt = strtok_r(s, ",", &save); opt; opt = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(opt, '=');
        const char *key = eq ? (*eq = 0, opt) : "cpus", *val = eq ? eq + 1 : opt;
        long v = cli_smp_num(arg, key, val);
        if (!strcmp(key, "cpus")) cpus = v;
        else if (!strcmp(key, "sockets")) sockets = v;
        else if (!strcmp(key, "cores")) cores = v;
        else if (!strcmp(key, "threads")) threads = v;
        else if (!strcmp(key, "maxcpus")) maxcpus = v;
        else if ((!strcmp(key, "dies") || !strcmp(key, "clusters")) && v <= 1) continue;
        else trix_fatal("-smp %s: Invalid parameter '%s'", arg, key);
        if (v == 0 && strcmp(key, "cpus"))
            trix_fatal("-smp %s: %s must be greater than 0", arg, key);
    }
    free(s);
    sockets = sockets ? sockets : 1;
    threads = threads ? threads : 1;
    if (!cores) {
        long n = maxcpus ? maxcpus : cpus;
        cores = n ? (n + sockets * threads - 1) / (sockets * threads) : 1;
    }
    long topo = sockets * cores * threads;
    maxcpus = maxcpus ? maxcpus : (cpus ? cpus : topo);
    cpus = cpus ? cpus : maxcpus;
    if (topo != maxcpus)
        trix_fatal("-smp %s: Invalid CPU topology: product of the hierarchy must match "
                   "maxcpus: sockets (%ld) * cores (%ld) * threads (%ld) != maxcpus (%ld)",
                   arg, sockets, cores, threads, maxcpus);
    if (cpus > maxcpus)
        trix_fatal("-smp %s: Invalid CPUs %ld: maxcpus must be equal to or greater than smp",
                   arg, cpus);
    if (maxcpus != cpus)
        trix_fatal("-smp %s: maxcpus=%ld: CPU hotplug is not supported", arg, maxcpus);
    if (cpus < 1 || cpus > MACHINE_MAX_CPUS)
        trix_fatal("-smp %s: the number of CPUs must be between 1 and %d", arg,
                   MACHINE_MAX_CPUS);
    ms->smp = (int)cpus;
}

/* -m SIZE[,slots=N,maxmem=SIZE]: memory hotplug is not implemented, so the extras are refused. */
void cli_mem_check_opts(const char *arg)
{
    const char *p = strchr(arg, ',');
    for (; p; p = strchr(p + 1, ',')) {
        size_t n = strcspn(p + 1, "=,");
        trix_fatal("-m %s: '%.*s' is not supported (trix has no memory hotplug)", arg,
                   (int)n, p + 1);
    }
}

/* -M NAME,PROP=VAL: trix's boards have no properties beyond dumpdtb=, type= and accel=tcg;
 * -M NAME,help lists them. */
/* Whether key (up to '=') is one of the board's own properties. */
static bool cli_board_prop(const MachineDef *def, const char *opt)
{
    size_t n = strcspn(opt, "=");
    for (const char *const *p = def->props; p && *p; p++)
        if (strlen(*p) == n && !strncmp(*p, opt, n))
            return true;
    return false;
}

void cli_machine_check_opts(const MachineDef *def, const char *kept)
{
    const char *machine = def->name;
    char *s = kept ? trix_strdup(kept) : NULL, *save = NULL;
    for (char *opt = s ? strtok_r(s, ",", &save) : NULL; opt; opt = strtok_r(NULL, ",", &save)) {
        if (!strcmp(opt, "help") || !strcmp(opt, "?")) {
            printf("%s options:\n  dumpdtb=<str> - write the device tree to a file and exit\n"
                   "  type=<str> - the board\n  accel=<str> - tcg only\n",
                   machine ? machine : "machine");
            for (const char *const *p = def->props; p && *p; p++)
                printf("  %s\n", *p);
            exit(0);
        }
        if (!strcmp(opt, "accel=tcg") || cli_board_prop(def, opt))
            continue;
        if (!strncmp(opt, "accel=", 6))
            trix_fatal("-machine %s: accelerator '%s' is not supported (only tcg)", kept,
                       opt + 6);
        size_t n = strcspn(opt, "=");
        char props[256] = "";
        for (const char *const *p = def->props; p && *p; p++)
            snprintf(props + strlen(props), sizeof(props) - strlen(props), ", %s", *p);
        trix_fatal("-machine %s: Property '%s.%.*s' not found (supported: dumpdtb=FILE, "
                   "type=NAME, accel=tcg%s)", kept, machine ? machine : "machine", (int)n, opt,
                   props);
    }
    free(s);
}

/* -accel help, and a clear refusal of the accelerators trix lacks. */
void cli_accel_check(const char *arg)
{
    if (!strcmp(arg, "help") || !strcmp(arg, "?")) {
        printf("Accelerators supported in this binary:\ntcg\n");
        exit(0);
    }
    size_t n = strcspn(arg, ",");
    if (n == 3 && !strncmp(arg, "kvm", 3))
        trix_fatal("-accel %s: KVM is not supported by trix (only tcg)", arg);
    if (n != 3 || strncmp(arg, "tcg", 3))
        trix_fatal("-accel %s: invalid accelerator '%.*s' (only tcg)", arg, (int)n, arg);
}

static void cli_cpu_list(const TargetCpuModel *m)
{
    printf("Available CPUs:\n");
    for (; m && m->name; m++)
        printf("  %-10s %s\n", m->name, m->desc);
}

/* -cpu help | MODEL[,prop=val]: list, or check the model; per-extension toggles are not
 * implemented yet, so every property is refused by name. */
void cli_cpu_parse(MachineState *ms, const char *arg)
{
    const TargetCpuModel *models = ms->target->cpu_models;
    if (!strcmp(arg, "help") || !strcmp(arg, "?")) {
        cli_cpu_list(models);
        exit(0);
    }
    size_t n = strcspn(arg, ",");
    bool found = false;
    for (const TargetCpuModel *m = models; m && m->name; m++)
        found |= strlen(m->name) == n && !strncmp(arg, m->name, n);
    if (!found) {
        fprintf(stderr, "%s: -cpu %s: unable to find CPU model '%.*s'\n", trix_progname, arg,
                (int)n, arg);
        cli_cpu_list(models);
        exit(1);
    }
    if (arg[n]) {
        size_t m = strcspn(arg + n + 1, "=,");
        trix_fatal("-cpu %s: property '%.*s' is not supported (trix cannot switch extensions "
                   "of the model on or off yet)", arg, (int)m, arg + n + 1);
    }
    ms->cpu_model = arg;
}
