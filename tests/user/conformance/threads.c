/* Conformance: futex wait/wake/requeue/timeouts/PI, threads through clone (pthread) and
 * clone3, set_tid_address/CLONE_CHILD_CLEARTID via pthread_join, thread-local storage. */
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include "conf.h"

static long futex(uint32_t *u, int op, uint32_t v, const struct timespec *t, uint32_t *u2,
                  uint32_t v3)
{
    return syscall(SYS_futex, u, op, v, t, u2, v3);
}

static uint32_t word, word2;
static volatile int woken;

static void *waiter(void *arg)
{
    futex(&word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    __atomic_add_fetch(&woken, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static void settle(void)
{
    struct timespec t = { 0, 50000000 };
    nanosleep(&t, NULL);
}

static void futexes(void)
{
    struct timespec t = { 0, 20000000 };
    RES("FUTEX_WAIT value differs", futex(&word, FUTEX_WAIT, 1, NULL, NULL, 0));
    RES("FUTEX_WAIT timeout", futex(&word, FUTEX_WAIT, 0, &t, NULL, 0));
    RES("FUTEX_WAIT unaligned", futex((uint32_t *)((char *)&word + 1), FUTEX_WAIT, 0, &t, NULL, 0));
    RES("FUTEX_WAIT bad address", futex((uint32_t *)16, FUTEX_WAIT, 0, &t, NULL, 0));
    RES("futex bad op", futex(&word, 99, 0, NULL, NULL, 0));
    pthread_t th[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&th[i], NULL, waiter, NULL);
    settle();
    SHOW("FUTEX_WAKE 1 of 3", "%ld", futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
    settle();
    SHOW("FUTEX_CMP_REQUEUE 1 woken, rest moved", "%ld",
         futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)(uintptr_t)10, &word2, 0));
    settle();
    SHOW("FUTEX_CMP_REQUEUE with a stale value", "%s",
         futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)(uintptr_t)10, &word2, 7) < 0 ?
         conf_errname(errno) : "ok");
    SHOW("FUTEX_WAKE on the requeue target", "%ld", futex(&word2, FUTEX_WAKE_PRIVATE, 10, NULL, NULL, 0));
    for (int i = 0; i < 3; i++)
        pthread_join(th[i], NULL);
    SHOW("all waiters returned", "%d", woken);
    uint32_t pi = 0;
    RES("FUTEX_LOCK_PI free", futex(&pi, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0));
    SHOW("owner is us", "%s", (pi & FUTEX_TID_MASK) == (uint32_t)syscall(SYS_gettid) ? "yes" : "no");
    RES("FUTEX_TRYLOCK_PI own lock", futex(&pi, FUTEX_TRYLOCK_PI_PRIVATE, 0, NULL, NULL, 0));
    RES("FUTEX_UNLOCK_PI", futex(&pi, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0));
    SHOW("word after unlock", "%u", pi);
    RES("FUTEX_UNLOCK_PI not owner", futex(&pi, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0));
}

static __thread int tls = 5;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static long counter;

static void *worker(void *arg)
{
    tls += (int)(intptr_t)arg;
    for (int i = 0; i < 2000; i++) {
        pthread_mutex_lock(&mu);
        counter++;
        pthread_mutex_unlock(&mu);
    }
    pthread_mutex_lock(&mu);
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
    return (void *)(intptr_t)tls;
}

static void threads(void)
{
    pthread_t th[4];
    long sum = 0;
    for (int i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, worker, (void *)(intptr_t)(i + 1));
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(th[i], &r);
        sum += (intptr_t)r;
    }
    SHOW("threads: counter", "%ld", counter);
    SHOW("threads: own TLS values summed", "%ld main=%d", sum, tls);
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
    pthread_t d;
    pthread_mutex_lock(&mu);
    pthread_create(&d, &at, worker, 0);
    pthread_cond_wait(&cv, &mu);
    pthread_mutex_unlock(&mu);
    SHOW("detached thread ran", "%s", counter >= 10000 ? "yes" : "no");
}

struct clone_args_ { uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack,
                     stack_size, tls, set_tid, set_tid_size, cgroup; };

static void clone3_fork(void)
{
    struct clone_args_ ca;
    memset(&ca, 0, sizeof(ca));
    ca.exit_signal = SIGCHLD;
    long pid = syscall(SYS_clone3, &ca, sizeof(ca));
    if (pid == 0)
        _exit(3);
    if (pid < 0) {                              /* allowed: glibc falls back to clone */
        SHOW("clone3 fork", "%s", errno == ENOSYS ? "exit 3" : conf_errname(errno));
        return;
    }
    int st;
    waitpid((pid_t)pid, &st, 0);
    SHOW("clone3 fork", "exit %d", WEXITSTATUS(st));
    RES("clone3 bad size", syscall(SYS_clone3, &ca, 8));
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    futexes();
    threads();
    clone3_fork();
    return 0;
}
