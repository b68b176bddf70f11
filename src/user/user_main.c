/* User-mode entry: qemu-style option parsing, guest environment, loading, and the first vCPU. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "user.h"
#include "tcg/jit.h"
#include "trix/tier.h"
#include "trix/gdbstub.h"

UserOptions user_opts;
const char *user_exec_path;

typedef struct UserEnv {
    char **v;
    int n, cap;
} UserEnv;

typedef struct UserArgs {
    const char *argv0;                      /* -0 */
    UserEnv env;
} UserArgs;

static void env_unset(UserEnv *e, const char *name)
{
    size_t len = strlen(name);
    for (int i = 0; i < e->n; i++) {
        if (!strncmp(e->v[i], name, len) && e->v[i][len] == '=') {
            memmove(&e->v[i], &e->v[i + 1], (size_t)(e->n - i) * sizeof(char *));
            e->n--;
            i--;
        }
    }
}

static void env_set(UserEnv *e, const char *assign)
{
    const char *eq = strchr(assign, '=');
    char name[256];
    size_t len = eq ? (size_t)(eq - assign) : strlen(assign);
    snprintf(name, sizeof(name), "%.*s", (int)len, assign);
    env_unset(e, name);
    if (e->n + 2 > e->cap)
        e->v = trix_realloc(e->v, (size_t)(e->cap = e->cap * 2 + 8) * sizeof(char *));
    e->v[e->n++] = trix_strdup(assign);
    e->v[e->n] = NULL;
}

static void env_init(UserEnv *e)
{
    extern char **environ;
    e->n = 0;
    e->cap = 16;
    e->v = trix_malloc0((size_t)e->cap * sizeof(char *));
    for (char **p = environ; *p; p++)
        env_set(e, *p);
}

/* The guest name from the multi-call name (trix-riscv64 -> riscv64). */
static const char *user_usage_arch(void)
{
    const char *p = strrchr(trix_progname, '-');
    return p ? p + 1 : trix_progname;
}

static void user_usage(FILE *f)
{
    fprintf(f,
        "usage: %s [options] program [arguments...]\n"
        "Linux %s user-mode emulation (qemu-%s compatible options)\n\n"
        "  -h, -help          print this help and exit\n"
        "  -L path            ELF interpreter prefix (QEMU_LD_PREFIX)\n"
        "  -E var=value       set an environment variable for the guest\n"
        "  -U var             remove an environment variable from the guest\n"
        "  -0 argv0           argv[0] for the guest program\n"
        "  -cpu model[,x=on]  CPU model and extension switches (-cpu help lists them)\n"
        "  -strace            log system calls (QEMU_STRACE)\n"
        "  -g port            wait for gdb on localhost:port, stopped before the first\n"
        "                     instruction (QEMU_GDB)\n"
        "  -d item[,...]      enable logging of the given items (-d help for a list)\n"
        "  -D logfile         write logs to logfile instead of stderr\n"
        "  -seed number       seed for the pseudo-random number generator\n"
        "  -accel tcg[,tier=interp|jit][,tb-size=MiB]  accelerator (only tcg)\n"
        "  -version           print the version and exit\n", trix_progname, user_usage_arch(),
        user_usage_arch());
}

static NORETURN void user_bad_option(const char *fmt, const char *arg)
{
    fprintf(stderr, "%s: ", trix_progname);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry '%s -h' for more information.\n", trix_progname);
    exit(1);
}

static const TargetOps *user_ops;       /* the binary's target, for -cpu */

static void opt_cpu(const char *v)
{
    char msg[512];
    if (!cpu_model_parse(user_ops, v, msg, sizeof(msg)))
        user_bad_option("%s", msg);
    user_opts.cpu_model = v;
}

static void opt_seed(const char *v)
{
    char *end;
    errno = 0;
    unsigned long long s = strtoull(v, &end, 0);
    if (errno || *end || !*v)
        user_bad_option("-seed: invalid seed '%s'", v);
    user_opts.seed = s;
    user_opts.seed_set = true;
}

static void opt_accel(const char *v)
{
    if (strcmp(v, "tcg") && strncmp(v, "tcg,", 4))
        user_bad_option("-accel: unsupported accelerator '%s' (only tcg)", v);
    for (const char *p = strchr(v, ','); p; p = strchr(p, ',')) {
        p++;
        char prop[64];
        size_t len = strcspn(p, ",");
        snprintf(prop, sizeof(prop), "%.*s", (int)(len < sizeof(prop) ? len : sizeof(prop) - 1), p);
        const char *err = exec_tier_option(prop);
        if (err != TIER_OPT_OTHER) {
            if (err)
                user_bad_option("-accel: %s", err);
        } else if (!strncmp(p, "tb-size=", 8)) {
            char *end;
            unsigned long mb = strtoul(p + 8, &end, 10);
            if (end == p + 8 || (*end && *end != ','))
                user_bad_option("-accel: invalid tb-size in '%s' (MiB)", v);
            jit_tb_size = (size_t)mb << 20;
        } else {
            user_bad_option("-accel: unknown property in '%s' (accepted: tier=interp|jit|0|1|2, tier2-threshold=N, "
                            "tb-size=MiB)", v);
        }
    }
}

static const char *user_gdb_port;   /* -g / QEMU_GDB (not kept across execve) */

/* Options that take a value; returns false if `name` is not one. */
static bool opt_with_value(const char *name, const char *v, UserArgs *ua)
{
    if (!strcmp(name, "L"))
        user_opts.ld_prefix = v;
    else if (!strcmp(name, "E"))
        env_set(&ua->env, v);
    else if (!strcmp(name, "U"))
        env_unset(&ua->env, v);
    else if (!strcmp(name, "0"))
        ua->argv0 = v;
    else if (!strcmp(name, "cpu"))
        opt_cpu(v);
    else if (!strcmp(name, "d") && !strcmp(v, "help"))
        exit(log_parse_mask(v) ? 0 : 0);
    else if (!strcmp(name, "d"))
        user_opts.log_items = v;
    else if (!strcmp(name, "D"))
        user_opts.log_file = v;
    else if (!strcmp(name, "seed"))
        opt_seed(v);
    else if (!strcmp(name, "accel"))
        opt_accel(v);
    else if (!strcmp(name, "g"))
        user_gdb_port = v;
    else
        return false;
    return true;
}

static bool opt_flag(const char *name)
{
    if (!strcmp(name, "h") || !strcmp(name, "help")) {
        user_usage(stdout);
        exit(0);
    }
    if (!strcmp(name, "version")) {
        printf("%s version %s\n", trix_progname, TRIX_VERSION);
        exit(0);
    }
    if (!strcmp(name, "strace")) {
        user_opts.strace = true;
        return true;
    }
    return false;
}

static bool opt_takes_value(const char *name)
{
    static const char *const names[] = { "L", "E", "U", "0", "cpu", "d", "D", "seed", "accel",
                                         "g" };
    for (size_t i = 0; i < ARRAY_SIZE(names); i++)
        if (!strcmp(name, names[i]))
            return true;
    return false;
}

/* Returns the index of the guest program in argv. */
static int user_parse_args(int argc, char **argv, UserArgs *ua)
{
    int i = 1;
    while (i < argc && argv[i][0] == '-') {
        const char *name = argv[i] + 1;
        i++;
        if (!strcmp(name, "-"))
            break;
        if (name[0] == '-')
            name++;                 /* --foo is -foo */
        if (opt_flag(name))
            continue;
        if (!opt_takes_value(name))
            user_bad_option("unknown option '%s'", argv[i - 1]);
        if (i >= argc)
            user_bad_option("option '%s' needs an argument", argv[i - 1]);
        opt_with_value(name, argv[i++], ua);
    }
    if (i >= argc) {
        fprintf(stderr, "%s: no program given\n", trix_progname);
        user_usage(stderr);
        exit(1);
    }
    return i;
}

static void user_env_options(void)
{
    const char *v;
    if ((v = getenv("QEMU_LD_PREFIX")) && *v)
        user_opts.ld_prefix = v;
    if (getenv("QEMU_STRACE"))
        user_opts.strace = true;
    if ((v = getenv("QEMU_RAND_SEED")) && *v)
        opt_seed(v);
    if ((v = getenv("QEMU_CPU")) && *v)
        opt_cpu(v);
    if ((v = getenv("QEMU_GDB")) && *v)
        user_gdb_port = v;
}

static void user_setup_logging(void)
{
    if (user_opts.log_items && !log_parse_mask(user_opts.log_items))
        exit(!strcmp(user_opts.log_items, "help") ? 0 : 1);
    if (user_opts.log_file && !log_set_file(user_opts.log_file))
        exit(1);
    if (user_opts.strace)
        trix_log_mask |= LOG_STRACE;
}

static char *user_build_argv(int argc, char **argv, int prog, const UserArgs *ua, char ***out)
{
    int n = argc - prog;
    char **v = trix_malloc0((size_t)(n + 1) * sizeof(char *));
    for (int k = 0; k < n; k++)
        v[k] = argv[prog + k];
    if (ua->argv0)
        v[0] = (char *)ua->argv0;
    *out = v;
    return argv[prog];
}

int user_main(const TargetOps *t, int argc, char **argv)
{
    UserArgs ua = { 0 };
    char **gargv, resolved[PATH_MAX];
    env_init(&ua.env);
    user_ops = t;
    user_env_options();
    int prog = user_parse_args(argc, argv, &ua);
    user_setup_logging();
    user_fd_guard_init();
    const char *path = user_build_argv(argc, argv, prog, &ua, &gargv);
    user_exec_path = trix_strdup(realpath(path, resolved) ? resolved : path);
    user_target = user_target_find(t->name);
    if (!user_target)
        trix_fatal("no user mode for guest %s", t->name);
    mmap_init(user_target->addr_space);
    mmap_init_sigtramp(user_target->sigtramp, user_target->sigtramp_size);
    CPUState *cpu = cpu_create(t);
    user_task = user_task_create(cpu);
    user_task->tid = (pid_t)syscall(SYS_gettid);
    user_lock();
    sig_init();
    ImageInfo info;
    elf_load_program(path, gargv, ua.env.v, &info);
    user_target->init_regs(cpu, &info);
    if (user_gdb_port)
        gdb_user_start(user_gdb_port, cpu);
    user_cpu_loop(cpu);
}
