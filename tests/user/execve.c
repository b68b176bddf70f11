/* execve of another riscv64 program (itself with an argument), and of a host script. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "child")) {
        printf("exec'd child: argc=%d argv0=%s arg2=%s env=%s\n", argc, argv[0],
               argc > 2 ? argv[2] : "-", getenv("TRIX_TEST_VAR"));
        return 5;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char *args[] = { "renamed-argv0", "child", "x y", NULL };
        char *env[] = { "TRIX_TEST_VAR=hello", NULL };
        execve(argv[0], args, env);
        perror("execve");
        _exit(99);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("child exit=%d\n", WEXITSTATUS(st));
    char *args[] = { "/bin/sh", "-c", "echo host shell; exit 3", NULL };
    pid = fork();
    if (pid == 0) {
        execv("/bin/sh", args);
        _exit(98);
    }
    waitpid(pid, &st, 0);
    printf("host exit=%d\n", WEXITSTATUS(st));
    printf("missing: %d\n", execl("/nonexistent/prog", "x", NULL));
    return 0;
}
