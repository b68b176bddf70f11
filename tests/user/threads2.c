/* Threads and signals: pthread_kill to a thread, pthread_cancel, detached threads, many threads. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static volatile int usr1_hits;
static __thread int in_worker;
static volatile int usr1_in_worker;

static void on_usr1(int sig)
{
    usr1_hits++;
    usr1_in_worker = in_worker;
}

static void *sleeper(void *arg)
{
    in_worker = 1;
    while (!usr1_hits)
        usleep(1000);
    return NULL;
}

static void *cancellable(void *arg)
{
    for (;;)
        pause();
    return NULL;
}

static void *short_lived(void *arg)
{
    return (void *)((long)arg * 2);
}

int main(void)
{
    signal(SIGUSR1, on_usr1);
    pthread_t t;
    pthread_create(&t, NULL, sleeper, NULL);
    usleep(10000);
    pthread_kill(t, SIGUSR1);
    pthread_join(t, NULL);
    printf("pthread_kill: hits=%d in_worker=%d\n", usr1_hits, usr1_in_worker);

    pthread_create(&t, NULL, cancellable, NULL);
    usleep(10000);
    pthread_cancel(t);
    void *ret;
    pthread_join(t, &ret);
    printf("cancelled=%d\n", ret == PTHREAD_CANCELED);

    long sum = 0;
    for (long round = 0; round < 8; round++) {
        pthread_t ts[8];
        for (long i = 0; i < 8; i++)
            pthread_create(&ts[i], NULL, short_lived, (void *)(round * 8 + i));
        for (int i = 0; i < 8; i++) {
            pthread_join(ts[i], &ret);
            sum += (long)ret;
        }
    }
    printf("64 threads sum=%ld\n", sum);
    return 0;
}
