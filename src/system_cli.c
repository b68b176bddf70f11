/* The trix-system-<arch> command line: QEMU's option spelling, parsed into a MachineState. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "trix/machine.h"
#include "tcg/jit.h"
#include "trix/tier.h"
#include "trix/icount.h"
#include "system_int.h"

typedef struct CliOpt {
    const char *name;
    bool has_arg;
    void (*fn)(MachineState *ms, SystemOpts *o, const char *name, const char *arg);
    const char *help;           /* NULL: not listed */
} CliOpt;

static void cli_help(MachineState *ms, SystemOpts *o, const char *n, const char *a);

/* -M/-machine [NAME][,type=NAME][,dumpdtb=FILE][,board options]: a first token without '='
 * is the machine name; -machine dumpdtb=FILE alone keeps the board chosen by -M. */
static void cli_machine(MachineState *ms, SystemOpts *o, const char *n, const char *arg)
{
    char *s = trix_strdup(arg), *rest = s;
    size_t first = strcspn(s, ",");
    if (!memchr(s, '=', first)) {
        rest = s[first] ? s + first + 1 : NULL;
        s[first] = 0;
        if (s[0])
            o->machine = s;
    }
    /* Keep the board's own options; take out the generic ones. */
    char *kept = trix_malloc0(rest ? strlen(rest) + 1 : 1);
    for (char *opt = rest ? strtok(rest, ",") : NULL; opt; opt = strtok(NULL, ",")) {
        if (!strncmp(opt, "dumpdtb=", 8)) {
            ms->dumpdtb = opt + 8;
        } else if (!strncmp(opt, "type=", 5)) {
            o->machine = opt + 5;
        } else {
            if (kept[0])
                strcat(kept, ",");
            strcat(kept, opt);
        }
    }
    ms->machine_opts = kept[0] ? kept : NULL;     /* checked once the board is known */
}

/* "512", "512M", "1G", "1.5G", "size=256M[,...]": bytes, or 0 when malformed. */
static uint64_t cli_parse_size(const char *arg)
{
    if (!strncmp(arg, "size=", 5))
        arg += 5;
    char *end;
    errno = 0;
    double v = strtod(arg, &end);
    if (errno || end == arg || v <= 0 || isnan(v))
        return 0;
    double unit = 1024.0 * 1024;            /* plain numbers are MiB */
    switch (*end) {
    case 'b': case 'B': unit = 1; end++; break;
    case 'k': case 'K': unit = 1024.0; end++; break;
    case 'm': case 'M': end++; break;
    case 'g': case 'G': unit = 1024.0 * 1024 * 1024; end++; break;
    case 't': case 'T': unit = 1024.0 * 1024 * 1024 * 1024; end++; break;
    default: break;
    }
    if (*end && *end != ',')
        return 0;
    double bytes = v * unit;
    if (bytes >= 18446744073709551616.0)
        return 0;
    return (uint64_t)bytes;
}

static void cli_mem(MachineState *ms, SystemOpts *o, const char *n, const char *arg)
{
    uint64_t size = cli_parse_size(arg);
    if (!size)
        trix_fatal("-m %s: invalid RAM size (examples: -m 512, -m 512M, -m 2G)", arg);
    if (size < (1u << 20) || size > (1ull << 40))
        trix_fatal("-m %s: RAM size must be between 1M and 1T", arg);
    cli_mem_check_opts(arg);
    ms->ram_size = (size + 0xfff) & ~(uint64_t)0xfff;
}

static void cli_smp(MachineState *ms, SystemOpts *o, const char *n, const char *arg)
{
    if (strchr(arg, ',') || strchr(arg, '=')) {
        cli_smp_parse(ms, arg);
        return;
    }
    const char *p = arg;
    if (!strncmp(p, "cpus=", 5))
        p += 5;
    char *end;
    errno = 0;
    long v = strtol(p, &end, 10);
    if (errno || end == p || (*end && *end != ','))
        trix_fatal("-smp %s: expected a number of CPUs (e.g. -smp 4)", arg);
    if (v < 1 || v > MACHINE_MAX_CPUS)
        trix_fatal("-smp %s: the number of CPUs must be between 1 and %d", arg,
                   MACHINE_MAX_CPUS);
    ms->smp = (int)v;
}

static void cli_path(MachineState *ms, SystemOpts *o, const char *n, const char *arg)
{
    if (!strcmp(n, "bios"))
        ms->bios = !strcmp(arg, "default") ? NULL : arg;
    else if (!strcmp(n, "kernel"))
        ms->kernel = arg;
    else if (!strcmp(n, "initrd"))
        ms->initrd = arg;
    else if (!strcmp(n, "append"))
        ms->append = arg;
    else if (!strcmp(n, "dtb"))
        ms->dtb = arg;
    else if (!strcmp(n, "cpu"))
        cli_cpu_parse(ms, arg);
}

static void cli_repeat(MachineState *ms, SystemOpts *o, const char *n, const char *arg)
{
    const char **list = ms->drive;
    int *count = &ms->ndrive, max = MACHINE_MAX_OPTS;
    if (!strcmp(n, "monitor") && !strcmp(arg, "none"))
        return;
    if (!strcmp(n, "qmp") || !strcmp(n, "mon") || !strcmp(n, "monitor")) {
        list = o->qmp;
        count = &o->nqmp;
        max = MACHINE_MAX_SERIAL;
        if (strcmp(n, "qmp"))
            arg = g_strdup_printf("%s:%s", strcmp(n, "mon") ? "hmp" : "mon", arg);
    } else if (!strcmp(n, "serial")) {
        list = o->serial;
        count = &o->nserial;
        max = MACHINE_MAX_SERIAL;
    } else if (!strcmp(n, "device")) {
        list = ms->device;
        count = &ms->ndevice;
    } else if (!strcmp(n, "netdev")) {
        list = ms->netdev;
        count = &ms->nnetdev;
    } else if (!strcmp(n, "nic")) {
        list = ms->nic;
        count = &ms->nnic;
    } else if (!strcmp(n, "chardev")) {
        list = ms->chardev;
        count = &ms->nchardev;
    }
    if (*count >= max)
        trix_fatal("-%s %s: too many -%s options (at most %d)", n, arg, n, max);
    list[(*count)++] = arg;
}

static void cli_flag(MachineState *ms, SystemOpts *o, const char *n, const char *arg)
{
    if (!strcmp(n, "nographic"))
        ms->nographic = true;
    else if (!strcmp(n, "no-reboot"))
        ms->no_reboot = true;
    else if (!strcmp(n, "no-shutdown"))
        ms->no_shutdown = true;
    else if (!strcmp(n, "action"))
        machine_parse_action(ms, arg);
    else if (!strcmp(n, "nodefaults"))
        ms->nodefaults = true;
    else if (!strcmp(n, "snapshot"))
        ms->snapshot = true;
}

static void cli_display(MachineState *ms, SystemOpts *o, const char *n, const char *arg)
{
    if (strcmp(arg, "none") && strncmp(arg, "none,", 5))
        trix_fatal("-display %s: only '-display none' is supported (trix has no graphical "
                   "display; use -nographic for a serial console)", arg);
    o->display_none = true;
}

static void cli_log(MachineState *ms, SystemOpts *o, const char *n, const char *arg)
{
    if (!strcmp(n, "d")) {
        if (!log_parse_mask(arg))
            exit(!strcmp(arg, "help") ? 0 : 1);
    } else if (!log_set_file(arg)) {
        exit(1);
    }
}

static void cli_accel(MachineState *ms, SystemOpts *o, const char *n, const char *arg)
{
    if (!strcmp(n, "enable-kvm"))
        arg = "kvm";
    cli_accel_check(arg);
    char *s = trix_strdup(arg);
    char *name = strtok(s, ",");
    if (!name || strcmp(name, "tcg"))
        trix_fatal("-accel %s: unsupported accelerator (only tcg)", arg);
    for (char *opt = strtok(NULL, ","); opt; opt = strtok(NULL, ",")) {
        const char *err = exec_tier_option(opt);
        if (err != TIER_OPT_OTHER) {
            if (err)
                trix_fatal("-accel %s: %s", arg, err);
            continue;
        }
        if (!strcmp(opt, "thread=single"))     /* what trix does: vCPUs take turns */
            continue;
        if (!strcmp(opt, "thread=multi"))
            trix_fatal("-accel %s: thread=multi is not supported (trix runs every vCPU on "
                       "one thread, round-robin: thread=single)", arg);
        trix_fatal("-accel %s: unknown option '%s' (accepted: tier=interp|jit|0|1|2, tier2-threshold=N, thread=single)",
                   arg, opt);
    }
    free(s);
}

/* -gdb DEV / -s (= -gdb tcp::1234): the gdb stub listens on loopback. */
static void cli_gdb(MachineState *ms, SystemOpts *o, const char *n, const char *arg)
{
    o->gdb = !strcmp(n, "s") ? "tcp::1234" : arg;
}

/* -S: start paused; QMP `cont`, HMP `cont` or Ctrl-A c + `cont` on mon:stdio resume. */
static void cli_start_stopped(MachineState *ms, SystemOpts *o, const char *n, const char *arg)
{
    o->start_stopped = true;
}

static void cli_icount(MachineState *ms, SystemOpts *o, const char *n, const char *arg)
{
    icount_parse_opts(arg);
}

static void cli_rtc(MachineState *ms, SystemOpts *o, const char *n, const char *arg)
{
    rtc_parse_opts(arg);
}

/* First line of -h and -version: "... version X.Y.Z" as QEMU's, so harnesses parse it. */
static void cli_version_line(void)
{
    printf("Trix emulator version %s (QEMU-compatible 7.2.0)\n", TRIX_VERSION);
}

static void cli_version(MachineState *ms, SystemOpts *o, const char *n, const char *arg)
{
    cli_version_line();
    printf("Trix is not QEMU; it accepts QEMU's command line (QEMU-compatible).\n");
    exit(0);
}

static void cli_process(MachineState *ms, SystemOpts *o, const char *n, const char *arg)
{
    cli_process_opt(n, arg);
}

static const CliOpt cli_opts[] = {
    { "M", true, cli_machine, "NAME[,dumpdtb=FILE]  select the board ('-M help' lists them)" },
    { "machine", true, cli_machine, NULL },
    { "m", true, cli_mem, "SIZE          RAM size (512 = 512 MiB; suffixes K, M, G)" },
    { "smp", true, cli_smp, "N           number of CPUs" },
    { "cpu", true, cli_path, "MODEL       CPU model" },
    { "bios", true, cli_path, "FILE|default|none  firmware image" },
    { "kernel", true, cli_path, "FILE     kernel image" },
    { "initrd", true, cli_path, "FILE     initial ram disk" },
    { "append", true, cli_path, "CMDLINE  kernel command line" },
    { "dtb", true, cli_path, "FILE        device tree blob instead of the generated one" },
    { "serial", true, cli_repeat, "DEV      serial port backend: stdio, mon:stdio, null, none, "
      "file:PATH, pty,\n                      tcp:HOST:PORT[,server][,nowait], "
      "unix:PATH[,server][,nowait]" },
    { "drive", true, cli_repeat, "OPTS     disk (kept for the board)" },
    { "device", true, cli_repeat, "OPTS    device (kept for the board)" },
    { "netdev", true, cli_repeat, "OPTS    network backend (kept for the board)" },
    { "chardev", true, cli_repeat, "OPTS   character backend BACKEND,id=ID,... (chr_by_id)" },
    { "nic", true, cli_repeat, "user[,model=M][,mac=A][,netdev options]  network backend and NIC" },
    { "nographic", false, cli_flag, "        no display; serial on stdio (C-a h for help)" },
    { "display", true, cli_display, "none   no display" },
    { "no-reboot", false, cli_flag, "        exit instead of rebooting" },
    { "no-shutdown", false, cli_flag, "      stay stopped (run state shutdown) when the guest powers off" },
    { "action", true, cli_flag, "shutdown=pause|poweroff[,reboot=reset|shutdown][,panic=...]" },
    { "nodefaults", false, cli_flag, "       no default devices (no default serial)" },
    { "snapshot", false, cli_flag, "         write to temporary overlays; images stay unchanged" },
    { "d", true, cli_log, "ITEMS           log items ('-d help' lists them)" },
    { "D", true, cli_log, "FILE            log to FILE" },
    { "accel", true, cli_accel, "tcg[,tier=interp|jit|2][,tier2-threshold=N]  accelerator" },
    { "enable-kvm", false, cli_accel, "       refused: trix has no KVM support" },
    { "name", true, cli_process, "NAME[,process=PNAME]  name of the guest (process name)" },
    { "pidfile", true, cli_process, "FILE   write the pid to FILE (removed at exit)" },
    { "vga", true, cli_process, "none       no graphics card (the only choice)" },
    { "overcommit", true, cli_process, "mem-lock=off,cpu-pm=off  accepted (the defaults)" },
    { "no-user-config", false, cli_process, "   accepted: trix reads no configuration files" },
    { "daemonize", false, cli_process, "        fork into the background once the machine is built" },
    { "s", false, cli_gdb, "                gdb stub on tcp::1234 (loopback)" },
    { "S", false, cli_start_stopped, "                start paused (resume with the monitor's cont)" },
    { "gdb", true, cli_gdb, "DEV       gdb stub on DEV (tcp:[HOST]:PORT, loopback when HOST is empty; unix:PATH,server)" },
    { "qmp", true, cli_repeat, "DEV       QMP monitor on DEV (tcp:H:P,server,wait=off | unix:P,server | stdio)" },
    { "mon", true, cli_repeat, "chardev=ID,mode=control  QMP monitor on a -chardev" },
    { "monitor", true, cli_repeat, "DEV   HMP monitor on DEV (stdio, unix:P,server, tcp:H:P,server)" },
    { "icount", true, cli_icount, "[shift=]N|auto[,align=on|off][,sleep=on|off]  guest time "
      "from executed instructions (2^N ns each)" },
    { "rtc", true, cli_rtc, "[base=utc|localtime|DATE][,clock=host|rt|vm][,driftfix=none]  "
      "the RTC's start and clock" },
    { "h", false, cli_help, "                this help" },
    { "help", false, cli_help, NULL },
    { "version", false, cli_version, "          print the version" },
};

static void cli_help(MachineState *ms, SystemOpts *o, const char *n, const char *arg)
{
    cli_version_line();
    printf("Trix: a QEMU-compatible system emulator (QEMU's options, not QEMU's code)\n\n");
    printf("Usage: %s [options]\n\nOptions:\n", trix_progname);
    for (size_t i = 0; i < ARRAY_SIZE(cli_opts); i++)
        if (cli_opts[i].help)
            printf("  -%s %s\n", cli_opts[i].name, cli_opts[i].help);
    printf("\nWith -nographic: C-a x exits, C-a h lists the escape commands.\n");
    exit(0);
}

static const CliOpt *cli_find(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(cli_opts); i++)
        if (!strcmp(cli_opts[i].name, name))
            return &cli_opts[i];
    return NULL;
}

void system_parse_args(MachineState *ms, SystemOpts *o, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || !a[1])
            trix_fatal("%s: plain arguments are not supported (disk images need -drive)", a);
        const char *name = a + 1 + (a[1] == '-');   /* --opt works like -opt */
        const CliOpt *opt = cli_find(name);
        if (!opt)
            trix_fatal("%s: invalid option", a);
        const char *arg = NULL;
        if (opt->has_arg) {
            if (i + 1 >= argc)
                trix_fatal("%s: requires an argument", a);
            arg = argv[++i];
        }
        opt->fn(ms, o, opt->name, arg);
    }
}
