/* Signals interrupting blocking syscalls: SA_RESTART restarts, without it EINTR; sigsuspend. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int hits;
static void on_alarm(int sig) { hits++; }

static void arm(int usec)
{
    struct itimerval it = { { 0, 0 }, { 0, usec } };
    setitimer(ITIMER_REAL, &it, NULL);
}

static int read_with_alarm(int restart)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sa.sa_flags = restart ? SA_RESTART : 0;
    sigaction(SIGALRM, &sa, NULL);
    int p[2];
    pipe(p);
    pid_t pid = fork();
    if (pid == 0) {
        usleep(150000);
        write(p[1], "z", 1);
        _exit(0);
    }
    arm(30000);
    char c = 0;
    ssize_t n = read(p[0], &c, 1);
    int err = errno;
    waitpid(pid, NULL, 0);
    close(p[0]);
    close(p[1]);
    printf("restart=%d: read=%zd %s c=%c hits=%d\n", restart, n, n < 0 ? strerror(err) : "ok",
           c ? c : '-', hits);
    return 0;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    read_with_alarm(1);
    read_with_alarm(0);
    sigset_t block, empty;
    sigemptyset(&block);
    sigaddset(&block, SIGALRM);
    sigprocmask(SIG_BLOCK, &block, NULL);
    arm(20000);
    sigemptyset(&empty);
    int r = sigsuspend(&empty);
    sigset_t now;
    sigprocmask(SIG_SETMASK, NULL, &now);
    printf("sigsuspend=%d errno=EINTR:%d hits=%d still-blocked=%d\n", r, errno == EINTR, hits,
           sigismember(&now, SIGALRM));
    return 0;
}
