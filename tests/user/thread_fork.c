/* fork while another thread spins (lock hand-off), then the main thread exits with pthread_exit. */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int stop;

static void *spin(void *arg)
{
    while (!stop)
        ;
    return NULL;
}

static void *late(void *arg)
{
    usleep(50000);
    printf("late thread done\n");
    fflush(stdout);
    return NULL;
}

int main(void)
{
    pthread_t t;
    setvbuf(stdout, NULL, _IONBF, 0);
    pthread_create(&t, NULL, spin, NULL);
    for (int i = 0; i < 5; i++) {
        pid_t p = fork();
        if (!p) {
            printf("child %d\n", i);
            _exit(i);
        }
        int st;
        waitpid(p, &st, 0);
        printf("status %d\n", WEXITSTATUS(st));
    }
    stop = 1;
    pthread_join(t, NULL);
    pthread_create(&t, NULL, late, NULL);
    printf("main exits\n");
    pthread_exit(NULL);
}
