/* Conformance (stress): pthread_cancel of a thread entering pause(), repeated; a cancel signal
 * that arrives just before the blocking call must not be lost (the thread would hang). */
#include <pthread.h>
#include <signal.h>
#include <sys/time.h>
#include "conf.h"

static void *pauser(void *arg)
{
    for (;;)
        pause();
    return NULL;
}

static void on_alarm(int sig)
{
    static const char msg[] = "hang: a cancelled thread never left pause()\n";
    write(1, msg, sizeof(msg) - 1);
    _exit(1);
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 300;
    signal(SIGALRM, on_alarm);
    alarm(60);
    int cancelled = 0;
    for (int i = 0; i < rounds; i++) {
        pthread_t th;
        void *ret;
        pthread_create(&th, NULL, pauser, NULL);
        for (volatile int k = (i * 7919) % 4000; k > 0; k--)
            ;                       /* vary where the cancel lands */
        if (i & 1)
            sched_yield();
        pthread_cancel(th);
        pthread_join(th, &ret);
        cancelled += ret == PTHREAD_CANCELED;
    }
    SHOW("threads cancelled out of pause()", "%s", cancelled == rounds ? "all" : "some missing");
    return 0;
}
