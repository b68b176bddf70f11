/* Process-level options: -name, -pidfile, -vga, -overcommit, -no-user-config, -daemonize. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
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

static void cli_pidfile_write(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        trix_fatal("-pidfile %s: cannot create the pid file: %s", path, strerror(errno));
    fprintf(f, "%d\n", (int)getpid());
    fclose(f);
}

/* -pidfile FILE: our pid, written now (again by the daemon after -daemonize forks) and removed
 * at exit. The path is kept absolute: a daemon works in "/". */
static void cli_pidfile(const char *arg)
{
    char cwd[PATH_MAX];
    cli_pidfile_write(arg);
    if (arg[0] != '/' && getcwd(cwd, sizeof(cwd))) {
        cli_pidfile_path = trix_malloc0(strlen(cwd) + strlen(arg) + 2);
        sprintf(cli_pidfile_path, "%s/%s", cwd, arg);
    } else {
        cli_pidfile_path = trix_strdup(arg);
    }
    atexit(cli_pidfile_remove);
    cli_pidfile_catch();
}

/* ---- -daemonize, as QEMU does it: the parent returns once the daemon is set up ---- */

static bool cli_daemon;
static int cli_daemon_pipe = -1;

/* The launching process: wait for the daemon's "ready" byte; its exit status tells the
 * caller whether start-up worked (EOF: the daemon failed, and said why on stderr). */
static NORETURN void cli_daemon_parent(int fd, pid_t child)
{
    char c = 1;
    ssize_t r;
    do
        r = read(fd, &c, 1);
    while (r < 0 && errno == EINTR);
    waitpid(child, NULL, 0);
    _exit(r == 1 && c == 0 ? 0 : 1);
}

/* Before any thread exists: fork, new session, fork again (no controlling terminal ever). */
void sys_daemonize_start(void)
{
    int fds[2];
    if (!cli_daemon)
        return;
    if (pipe(fds) != 0)
        trix_fatal("-daemonize: pipe: %s", strerror(errno));
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        trix_fatal("-daemonize: fork: %s", strerror(errno));
    if (pid > 0) {
        close(fds[1]);
        cli_daemon_parent(fds[0], pid);
    }
    close(fds[0]);
    setsid();
    pid = fork();
    if (pid < 0)
        trix_fatal("-daemonize: fork: %s", strerror(errno));
    if (pid > 0)
        _exit(0);
    cli_daemon_pipe = fds[1];
    if (cli_pidfile_path)
        cli_pidfile_write(cli_pidfile_path);
}

/* The machine is built: refuse stdio backends (nobody is there to read them), detach from
 * the terminal and tell the parent to exit 0. Errors from here on go to -D FILE only. */
void sys_daemonize_ready(void)
{
    if (cli_daemon_pipe < 0)
        return;
    if (chr_stdio_in_use())
        trix_fatal("-daemonize cannot be used with a stdio character device (-nographic, "
                   "-serial stdio, -monitor stdio, -qmp stdio): use -display none and "
                   "-serial file:|pty|unix:... instead");
    if (chdir("/") != 0)
        trix_fatal("-daemonize: chdir /: %s", strerror(errno));
    int fd = open("/dev/null", O_RDWR);
    if (fd >= 0) {
        dup2(fd, 0);
        dup2(fd, 1);
        dup2(fd, 2);
        if (fd > 2)
            close(fd);
    }
    char ok = 0;
    if (write(cli_daemon_pipe, &ok, 1) != 1)
        trix_fatal("-daemonize: cannot signal the parent: %s", strerror(errno));
    close(cli_daemon_pipe);
    cli_daemon_pipe = -1;
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
        cli_daemon = true;
    /* -no-user-config: trix reads no configuration files, so there is nothing to skip. */
}
