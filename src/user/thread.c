/* Guest threads: the fair global lock, clone of threads onto host pthreads, futex, thread exit. */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "trix/exec_stats.h"
#include "trix/gdbstub.h"
#include "trix/guest_mem.h"
#include "user.h"
#include "syscall_nr.h"

__thread TaskState *user_task;

/* Ticket lock in front of exec_lock(): turns are handed out in arrival order, and a holder
 * that has had its time slice is asked (exit_request) to leave its block loop when others
 * wait, so a busy guest thread cannot starve the rest. A new holder always gets a slice:
 * kicking it at once would let contending threads pass the turn around without progress. */
#define SLICE_NS 200000ll
static pthread_mutex_t tk_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t tk_cond = PTHREAD_COND_INITIALIZER;
static uint64_t tk_next, tk_serving;
static pthread_t tk_owner;
static CPUState *tk_holder;                     /* guarded by tk_mutex */
static int64_t tk_since;                        /* when the holder got its turn */
static bool tk_ticker_started;
static int thread_count = 1;
static const TargetOps *thread_target;

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

/* Called with tk_mutex held. */
static void tk_kick_if_due(int64_t now)
{
    if (tk_holder && tk_next - tk_serving > 1 && now - tk_since >= SLICE_NS)
        cpu_exit_request(tk_holder);
}

static void *tk_ticker(void *arg)
{
    for (;;) {
        struct timespec d = { 0, SLICE_NS };
        nanosleep(&d, NULL);
        pthread_mutex_lock(&tk_mutex);
        tk_kick_if_due(now_ns());
        pthread_mutex_unlock(&tk_mutex);
    }
    return NULL;
}

static void tk_start_ticker(void)
{
    pthread_t th;
    sigset_t all, old;
    if (tk_ticker_started)
        return;
    tk_ticker_started = true;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    if (pthread_create(&th, NULL, tk_ticker, NULL) == 0)
        pthread_detach(th);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

void user_lock(void)
{
    CPUState *mine = user_task ? user_task->cpu : NULL;
    pthread_mutex_lock(&tk_mutex);
    uint64_t me = tk_next++;
    if (me != tk_serving)
        tk_kick_if_due(now_ns());
    while (me != tk_serving)
        pthread_cond_wait(&tk_cond, &tk_mutex);
    tk_holder = mine;
    tk_owner = pthread_self();
    tk_since = now_ns();
    pthread_mutex_unlock(&tk_mutex);
    exec_lock();
}

void user_unlock(void)
{
    exec_unlock();
    pthread_mutex_lock(&tk_mutex);
    ASSERT(pthread_equal(tk_owner, pthread_self()));
    tk_owner = 0;
    tk_holder = NULL;
    tk_serving++;
    pthread_cond_broadcast(&tk_cond);
    pthread_mutex_unlock(&tk_mutex);
}

bool user_lock_contended(void)
{
    return __atomic_load_n(&tk_next, __ATOMIC_RELAXED) -
           __atomic_load_n(&tk_serving, __ATOMIC_RELAXED) > 1;
}

int user_thread_count(void)
{
    return __atomic_load_n(&thread_count, __ATOMIC_SEQ_CST);
}

/* In a fork child only the forking thread survives; it holds the lock. */
void user_thread_after_fork(void)
{
    pthread_mutex_init(&tk_mutex, NULL);
    pthread_cond_init(&tk_cond, NULL);
    tk_serving = 0;
    tk_next = 1;
    tk_owner = pthread_self();
    tk_ticker_started = false;
    thread_count = 1;
    if (user_task)
        user_task->tid = (pid_t)syscall(SYS_gettid);
}

TaskState *user_task_create(CPUState *cpu)
{
    TaskState *ts = trix_malloc0(sizeof(*ts));
    ts->cpu = cpu;
    cpu->opaque = ts;
    if (!thread_target)
        thread_target = cpu->target;
    return ts;
}

typedef struct CloneStart {
    TaskState *ts;
    sem_t ready;
} CloneStart;

static void *thread_start(void *arg)
{
    CloneStart *cs = arg;
    TaskState *ts = cs->ts;
    user_task = ts;
    ts->tid = (pid_t)syscall(SYS_gettid);
    sem_post(&cs->ready);
    user_lock();
    sig_set_mask(ts, ts->sigmask);
    user_cpu_loop(ts->cpu);
    return NULL;
}

static long thread_spawn(TaskState *ts)
{
    CloneStart cs = { .ts = ts };
    pthread_attr_t attr;
    pthread_t th;
    sigset_t all, old;
    sem_init(&cs.ready, 0, 0);
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);   /* the child unmasks once it is set up */
    int err = pthread_create(&th, &attr, thread_start, &cs);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    if (err)
        return -err;
    while (sem_wait(&cs.ready) != 0)
        ;
    sem_destroy(&cs.ready);
    return ts->tid;
}

long user_clone_thread(uint64_t flags, uint64_t newsp, uint64_t ptid, uint64_t tls, uint64_t ctid)
{
    TaskState *parent = user_task;
    user_unlock();
    CPUState *cpu = cpu_create(thread_target);
    user_lock();
    static int next_cpu_index = 1;      /* the main thread is 0: gdb's thread ids (+1) */
    cpu->cpu_index = next_cpu_index++;
    user_target->clone_regs(cpu, parent->cpu, newsp, tls, (flags & CLONE_SETTLS) != 0);
    TaskState *ts = user_task_create(cpu);
    ts->sigmask = parent->sigmask;
    if (flags & CLONE_CHILD_CLEARTID)
        ts->clear_child_tid = ctid;
    __atomic_add_fetch(&thread_count, 1, __ATOMIC_SEQ_CST);
    tk_start_ticker();
    long tid = thread_spawn(ts);
    if (tid < 0) {
        __atomic_sub_fetch(&thread_count, 1, __ATOMIC_SEQ_CST);
        return tid;
    }
    if (flags & CLONE_PARENT_SETTID)
        user_put_u32(ptid, (uint32_t)tid);
    if (flags & CLONE_CHILD_SETTID)
        user_put_u32(ctid, (uint32_t)tid);
    return tid;
}

NORETURN void user_exit_group(int status)
{
    gdb_user_exit(status);
    exec_stats_print();                 /* _exit skips atexit */
    fflush(stdout);
    fflush(stderr);
    if (trix_log_file)
        fflush(trix_log_file);
    _exit(status);
}

static long sys_exit(const uint64_t *a)
{
    TaskState *ts = user_task;
    if (__atomic_sub_fetch(&thread_count, 1, __ATOMIC_SEQ_CST) == 0)
        user_exit_group((int)a[0]);
    if (ts->clear_child_tid && user_put_u32(ts->clear_child_tid, 0) == 0)
        syscall(SYS_futex, g2h(ts->clear_child_tid), FUTEX_WAKE, 1, NULL, NULL, 0);
    CPUState *cpu = ts->cpu;
    user_unlock();
    cpu_free(cpu);
    free(ts);
    user_task = NULL;
    pthread_exit(NULL);
}

static long sys_exit_group(const uint64_t *a)
{
    user_exit_group((int)a[0]);
}

static long sys_set_tid_address(const uint64_t *a)
{
    user_task->clear_child_tid = a[0];
    return user_task->tid;
}

static bool futex_is_wait(int cmd)
{
    return cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_LOCK_PI ||
           cmd == FUTEX_WAIT_REQUEUE_PI || cmd == 13 /* FUTEX_LOCK_PI2 */;
}

static bool futex_has_uaddr2(int cmd)
{
    return cmd == FUTEX_REQUEUE || cmd == FUTEX_CMP_REQUEUE || cmd == FUTEX_WAKE_OP ||
           cmd == FUTEX_WAIT_REQUEUE_PI || cmd == FUTEX_CMP_REQUEUE_PI;
}

static long sys_futex(const uint64_t *a)
{
    int op = (int)a[1], cmd = op & FUTEX_CMD_MASK;
    struct timespec ts;
    void *uaddr2 = NULL;
    if (a[0] & 3)
        return -EINVAL;
    if (!page_check_range(a[0], 4, PAGE_READ))
        return -EFAULT;
    if (futex_has_uaddr2(cmd)) {
        if ((a[4] & 3) || !user_ptr(a[4], 4, cmd == FUTEX_WAKE_OP ? PAGE_WRITE : PAGE_READ))
            return -EFAULT;
        uaddr2 = g2h(a[4]);
    }
    if (futex_is_wait(cmd)) {
        if (a[3] && user_get(&ts, a[3], sizeof(ts)) < 0)
            return -EFAULT;
        return USER_SAFE(SYS_futex, g2h(a[0]), op, (uint32_t)a[2], a[3] ? &ts : NULL, uaddr2,
                         (uint32_t)a[5]);
    }
    if (cmd == FUTEX_UNLOCK_PI || cmd == FUTEX_TRYLOCK_PI)
        mmap_make_writable(a[0], 4);
    return HRET(syscall(SYS_futex, g2h(a[0]), op, (uint32_t)a[2], (void *)(uintptr_t)a[3],
                        uaddr2, (uint32_t)a[5]));
}

static long sys_set_robust_list(const uint64_t *a) { return -ENOSYS; }
static long sys_get_robust_list(const uint64_t *a) { return -ENOSYS; }
static long sys_rseq(const uint64_t *a) { return -ENOSYS; }

static long sys_sched_yield(const uint64_t *a)
{
    return HRET(USER_BLOCKING(sched_yield()));
}

#define REG(n, f, fl) tab[TNR_##n] = (SysDef){ #n, sys_##n, f, fl }

void sys_thread_register(SysDef *tab)
{
    REG(exit, "d", SC_NOSTRACE_RET);
    REG(exit_group, "d", SC_NOSTRACE_RET);
    REG(set_tid_address, "p", 0);
    REG(futex, "pdupud", 0);
    REG(set_robust_list, "pu", 0);
    REG(get_robust_list, "dpp", 0);
    REG(rseq, "pudu", 0);
    REG(sched_yield, "", 0);
}
