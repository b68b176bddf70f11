/* fork + wait4/waitpid: exit statuses, death by signal, pipes between processes, vfork. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    int fds[2];
    pipe(fds);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        const char *msg = "from child";
        write(fds[1], msg, strlen(msg));
        _exit(42);
    }
    close(fds[1]);
    char buf[64] = { 0 };
    read(fds[0], buf, sizeof(buf) - 1);
    int st;
    pid_t w = waitpid(pid, &st, 0);
    printf("child said '%s', waited=%d exited=%d status=%d\n", buf, w == pid,
           WIFEXITED(st), WEXITSTATUS(st));

    pid = fork();
    if (pid == 0) {
        raise(SIGTERM);
        _exit(0);
    }
    waitpid(pid, &st, 0);
    printf("signaled=%d sig=%d\n", WIFSIGNALED(st), WTERMSIG(st));

    pid = vfork();
    if (pid == 0)
        _exit(7);
    waitpid(pid, &st, 0);
    printf("vfork child status=%d\n", WEXITSTATUS(st));

    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        printf("grandchild pid differs: %d\n", getpid() != getppid());
        exit(0);
    }
    wait(&st);
    printf("done\n");
    return 0;
}
