/* Blocking host system calls that a guest signal cannot slip past (the check-then-block race). */
/*
 * A guest signal is caught by a host handler that only records it (signal.c); the guest sees
 * it at the next instruction boundary or when its system call returns EINTR. A blocking call
 * entered just after the last check for pending signals would sleep through a signal that
 * arrived in between (pthread_cancel of a thread entering pause() hung that way). So blocking
 * calls go through user_safe_syscall: it tests the thread's "signal ready" flag and issues the
 * syscall instruction in one small assembly sequence, and the host handler, seeing the
 * interrupted host pc between that test and the syscall instruction, moves it to the EINTR
 * exit. A signal before the test is seen by the test, one inside the call interrupts it
 * (our handlers have no SA_RESTART), and one in between is turned into EINTR by the handler.
 */
#include <errno.h>
#include <signal.h>
#include <ucontext.h>
#include <unistd.h>
#include <sys/syscall.h>
#include "user.h"

#if defined(__x86_64__)
long trix_safe_syscall_base(volatile int *ready, long nr, long a1, long a2, long a3, long a4,
                            long a5, long a6);
extern const char trix_safe_syscall_start[], trix_safe_syscall_end[], trix_safe_syscall_eintr[];

/* SysV arguments: rdi=ready rsi=nr rdx,rcx,r8,r9,[rsp+8],[rsp+16] = a1..a6; the kernel wants
 * rax=nr and rdi,rsi,rdx,r10,r8,r9. Returns the raw result (-errno on failure). */
__asm__(
    ".text\n"
    ".globl trix_safe_syscall_base\n"
    ".type trix_safe_syscall_base, @function\n"
    "trix_safe_syscall_base:\n"
    "    mov %rdi, %r11\n"
    "    mov %rsi, %rax\n"
    "    mov %rdx, %rdi\n"
    "    mov %rcx, %rsi\n"
    "    mov %r8, %rdx\n"
    "    mov %r9, %r10\n"
    "    mov 8(%rsp), %r8\n"
    "    mov 16(%rsp), %r9\n"
    ".globl trix_safe_syscall_start\n"
    "trix_safe_syscall_start:\n"
    "    cmpl $0, (%r11)\n"
    "    jne trix_safe_syscall_eintr\n"
    "    syscall\n"
    ".globl trix_safe_syscall_end\n"
    "trix_safe_syscall_end:\n"
    "    ret\n"
    ".globl trix_safe_syscall_eintr\n"
    "trix_safe_syscall_eintr:\n"
    "    mov $-4, %rax\n"           /* -EINTR */
    "    ret\n"
    ".size trix_safe_syscall_base, .-trix_safe_syscall_base\n");

void user_safe_syscall_signal(void *ucv)
{
    ucontext_t *uc = ucv;
    uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    if (pc >= (uintptr_t)trix_safe_syscall_start && pc < (uintptr_t)trix_safe_syscall_end)
        uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)trix_safe_syscall_eintr;
}
#else
/* Other hosts: the plain call (the window stays open until an assembly version exists). */
static long trix_safe_syscall_base(volatile int *ready, long nr, long a1, long a2, long a3,
                                   long a4, long a5, long a6)
{
    if (*ready)
        return -EINTR;
    long r = syscall(nr, a1, a2, a3, a4, a5, a6);
    return r < 0 ? -errno : r;
}

void user_safe_syscall_signal(void *ucv) { }
#endif

long user_safe_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
    TaskState *ts = user_task;
    static volatile int never;
    volatile int *ready = &never;
    if (ts) {
        ts->sig_ready = sig_deliverable(ts);
        ready = &ts->sig_ready;
    }
    user_unlock();
    long r = trix_safe_syscall_base(ready, nr, a1, a2, a3, a4, a5, a6);
    user_lock();
    return r;
}
