/* Process-level options: -name, -pidfile, -vga, -overcommit, -no-user-config, -daemonize. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>
#include "trix/machine.h"
#include "system_int.h"

static char *cli_pidfile_path;

static void cli_pidfile_remove(void)
{
    if (cli_pidfile_path)
        unlink(cli_pidfile_path);
}

static struct sigaction cli_pidfile_old[3];
static const int cli_pidfile_sigs[3] = { SIGINT, SIGTERM, SIGHUP };

/* Killed by a signal: remove the file, then let the previous handler (terminal restore) run. */
static void cli_pidfile_signal(int sig)
{
    cli_pidfile_remove();
    for (int i = 0; i < 3; i++)
        if (cli_pidfile_sigs[i] == sig)
            sigaction(sig, &cli_pidfile_old[i], NULL);
    raise(sig);
}

static void cli_pidfile_catch(void)
{
    chr_init_terminal();        /* its handlers first, so ours chain to them */
    struct sigaction sa = { .sa_handler = cli_pidfile_signal };
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < 3; i++)
        sigaction(cli_pidfile_sigs[i], &sa, &cli_pidfile_old[i]);
}

/* -pidfile FILE: our pid, written now and removed at exit. */
static void cli_pidfile(const char *arg)
{
    FILE *f = fopen(arg, "w");
    if (!f)
        trix_fatal("-pidfile %s: cannot create the pid file: %s", arg, strerror(errno));
    fprintf(f, "%d\n", (int)getpid());
    fclose(f);
    cli_pidfile_path = trix_strdup(arg);
    atexit(cli_pidfile_remove);
    cli_pidfile_catch();
}

/* -name NAME[,process=PNAME][,debug-threads=on|off]: the process name (ps, top). */
static void cli_name(const char *arg)
{
    char *s = trix_strdup(arg), *save = NULL, *pname = NULL;
    for (char *opt = strtok_r(s, ",", &save); opt; opt = strtok_r(NULL, ",", &save)) {
        if (!strncmp(opt, "process=", 8))
            pname = opt + 8;
        else if (!strncmp(opt, "guest=", 6) || !strchr(opt, '='))
            continue;
        else if (strncmp(opt, "debug-threads=", 14))
            trix_fatal("-name %s: unknown option '%s' (accepted: process=, guest=, "
                       "debug-threads=)", arg, opt);
    }
    if (pname)
        prctl(PR_SET_NAME, pname, 0, 0, 0);
    free(s);
}

static void cli_overcommit(const char *arg)
{
    char *s = trix_strdup(arg), *save = NULL;
    for (char *opt = strtok_r(s, ",", &save); opt; opt = strtok_r(NULL, ",", &save))
        if (strcmp(opt, "mem-lock=off") && strcmp(opt, "cpu-pm=off"))
            trix_fatal("-overcommit %s: '%s' is not supported (accepted: mem-lock=off, "
                       "cpu-pm=off)", arg, opt);
    free(s);
}

void cli_process_opt(const char *name, const char *arg)
{
    if (!strcmp(name, "pidfile"))
        cli_pidfile(arg);
    else if (!strcmp(name, "name"))
        cli_name(arg);
    else if (!strcmp(name, "overcommit"))
        cli_overcommit(arg);
    else if (!strcmp(name, "vga") && strcmp(arg, "none"))
        trix_fatal("-vga %s: trix has no graphics card; only '-vga none' is accepted", arg);
    else if (!strcmp(name, "daemonize"))
        trix_fatal("-daemonize: not supported by trix yet (run it in the background with '&' "
                   "and -pidfile instead)");
    /* -no-user-config: trix reads no configuration files, so there is nothing to skip. */
}
