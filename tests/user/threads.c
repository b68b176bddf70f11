/* pthreads: create/join, a mutex-protected counter, atomics, condition variables, TLS. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#define NTHREADS 4
#define ITERS 20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static long counter;
static atomic_long acounter;
static int ready;
static __thread int tls_value;

static void *worker(void *arg)
{
    long id = (long)arg;
    tls_value = (int)id * 10;
    for (int i = 0; i < ITERS; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
        atomic_fetch_add(&acounter, 1);
    }
    pthread_mutex_lock(&lock);
    ready++;
    pthread_cond_signal(&cond);
    pthread_mutex_unlock(&lock);
    return (void *)(long)(tls_value + 1);
}

int main(void)
{
    pthread_t th[NTHREADS];
    tls_value = -1;
    for (long i = 0; i < NTHREADS; i++)
        pthread_create(&th[i], NULL, worker, (void *)i);
    pthread_mutex_lock(&lock);
    while (ready < NTHREADS)
        pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);
    long sum = 0;
    for (int i = 0; i < NTHREADS; i++) {
        void *ret;
        pthread_join(th[i], &ret);
        sum += (long)ret;
    }
    printf("counter=%ld atomic=%ld rets=%ld tls=%d\n", counter, (long)acounter, sum, tls_value);
    return 0;
}
