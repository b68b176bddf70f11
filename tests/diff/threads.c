/* Threads: a mutex-protected counter, a condvar-driven producer/consumer queue, a barrier,
 * thread-local storage, return values via join. Output is printed only from main, in order. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define NT 4
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER, not_full = PTHREAD_COND_INITIALIZER;
static long counter;
static int queue[8], qhead, qtail, qcount, done_producing;
static __thread int tls_value;
static pthread_barrier_t barrier;

static void *count_worker(void *arg)
{
    long id = (long)arg;
    tls_value = (int)id * 100;
    for (int i = 0; i < 10000; i++) {
        pthread_mutex_lock(&lock);
        counter += id + 1;
        pthread_mutex_unlock(&lock);
    }
    pthread_barrier_wait(&barrier);
    return (void *)(intptr_t)(tls_value + 1);
}

static void *producer(void *arg)
{
    (void)arg;
    for (int i = 1; i <= 1000; i++) {
        pthread_mutex_lock(&lock);
        while (qcount == 8)
            pthread_cond_wait(&not_full, &lock);
        queue[qtail] = i;
        qtail = (qtail + 1) % 8;
        qcount++;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&lock);
    }
    pthread_mutex_lock(&lock);
    done_producing = 1;
    pthread_cond_broadcast(&not_empty);
    pthread_mutex_unlock(&lock);
    return NULL;
}

static void *consumer(void *arg)
{
    long sum = 0, n = 0;
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&lock);
        while (qcount == 0 && !done_producing)
            pthread_cond_wait(&not_empty, &lock);
        if (qcount == 0) {
            pthread_mutex_unlock(&lock);
            break;
        }
        int v = queue[qhead];
        qhead = (qhead + 1) % 8;
        qcount--;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&lock);
        sum += v;
        n++;
    }
    return (void *)(intptr_t)(sum * 10000 + n); /* per-consumer; summed by main */
}

int main(void)
{
    pthread_t th[NT];
    pthread_barrier_init(&barrier, NULL, NT);
    for (long i = 0; i < NT; i++)
        pthread_create(&th[i], NULL, count_worker, (void *)i);
    for (int i = 0; i < NT; i++) {
        void *ret;
        pthread_join(th[i], &ret);
        printf("worker %d returned %ld\n", i, (long)(intptr_t)ret);
    }
    printf("counter = %ld (expected %d)\n", counter, 10000 * (1 + 2 + 3 + 4));
    printf("main tls_value = %d\n", tls_value);

    pthread_t prod, cons[3];
    pthread_create(&prod, NULL, producer, NULL);
    for (int i = 0; i < 3; i++)
        pthread_create(&cons[i], NULL, consumer, NULL);
    pthread_join(prod, NULL);
    long total = 0, items = 0;
    for (int i = 0; i < 3; i++) {
        void *ret;
        pthread_join(cons[i], &ret);
        total += (long)(intptr_t)ret / 10000;
        items += (long)(intptr_t)ret % 10000;
    }
    printf("consumed %ld items, sum %ld\n", items, total);

    /* Detached-style churn: many short threads. */
    counter = 0;
    for (int round = 0; round < 20; round++) {
        pthread_t t[NT];
        pthread_barrier_destroy(&barrier);
        pthread_barrier_init(&barrier, NULL, NT);
        for (long i = 0; i < NT; i++)
            pthread_create(&t[i], NULL, count_worker, (void *)i);
        for (int i = 0; i < NT; i++)
            pthread_join(t[i], NULL);
    }
    printf("after 80 more threads counter = %ld\n", counter);
    return 0;
}
