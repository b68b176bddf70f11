/* Conformance: errno values of bad arguments; bad pointers get EFAULT (never a crash of the
 * emulator), bad descriptors EBADF, bad flags EINVAL, lengths and paths their own errors. */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <time.h>
#include "conf.h"

#define BAD ((void *)16)
#define HIGH ((void *)0x3000000000ul)     /* unmapped on the host and in trix */

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    int p[2];
    pipe(p);
    write(p[1], "abc", 3);
    RES("read into bad pointer", syscall(SYS_read, p[0], BAD, 3));
    RES("write from bad pointer", syscall(SYS_write, p[1], HIGH, 3));
    RES("write from kernel address", syscall(SYS_write, p[1], (void *)0xffffffff80000000ul, 3));
    RES("openat bad path pointer", syscall(SYS_openat, AT_FDCWD, BAD, O_RDONLY));
    RES("fstat bad buffer", syscall(SYS_fstat, 0, BAD));
    RES("newfstatat bad path", syscall(SYS_newfstatat, AT_FDCWD, HIGH, BAD, 0));
    RES("uname bad buffer", syscall(SYS_uname, BAD));
    RES("clock_gettime bad buffer", syscall(SYS_clock_gettime, CLOCK_REALTIME, BAD));
    RES("gettimeofday bad buffer", syscall(SYS_gettimeofday, BAD, NULL));
    RES("pipe2 bad buffer", syscall(SYS_pipe2, BAD, 0));
    RES("rt_sigaction bad act", syscall(SYS_rt_sigaction, SIGUSR1, BAD, NULL, 8));
    RES("rt_sigaction bad sigsetsize", syscall(SYS_rt_sigaction, SIGUSR1, NULL, NULL, 4));
    RES("rt_sigaction SIGKILL", syscall(SYS_rt_sigaction, SIGKILL, &(struct sigaction){ 0 }, NULL, 8));
    RES("rt_sigaction signal 0", syscall(SYS_rt_sigaction, 0, NULL, NULL, 8));
    RES("rt_sigaction signal 65", syscall(SYS_rt_sigaction, 65, NULL, NULL, 8));
    RES("rt_sigprocmask bad how", syscall(SYS_rt_sigprocmask, 7, &(uint64_t){ 0 }, NULL, 8));
    RES("rt_sigprocmask bad set", syscall(SYS_rt_sigprocmask, SIG_BLOCK, BAD, NULL, 8));
    RES("kill bad signal", kill(getpid(), 99));
    RES("readv bad iovec", syscall(SYS_readv, p[0], BAD, 1));
    struct iovec iv = { BAD, 3 };
    RES("readv bad buffer in iovec", readv(p[0], &iv, 1));
    RES("readv negative count", syscall(SYS_readv, p[0], &iv, -1));
    RES("read bad fd", read(12345, p, 1));
    RES("close bad fd", close(12345));
    RES("dup3 same fd", dup3(p[0], p[0], 0));
    RES("dup3 bad flags", dup3(p[0], 50, 0x1234));
    RES("fcntl bad cmd", fcntl(p[0], 9999));
    RES("openat bad flags combo", openat(AT_FDCWD, ".", O_WRONLY | O_DIRECTORY));
    RES("openat empty path", openat(AT_FDCWD, "", O_RDONLY));
    char longp[5000];
    memset(longp, 'a', sizeof(longp) - 1);
    longp[sizeof(longp) - 1] = 0;
    RES("openat path too long", openat(AT_FDCWD, longp, O_RDONLY));
    RES("openat dirfd not a directory", openat(p[0], "x", O_RDONLY));
    RES("mkdirat under a file", mkdirat(AT_FDCWD, "/dev/null/x", 0700));
    RES("lseek on a pipe", lseek(p[0], 0, SEEK_SET));
    RES("poll bad array", syscall(SYS_ppoll, BAD, 1, NULL, NULL, 8));
    RES("epoll_wait bad events", syscall(SYS_epoll_pwait, epoll_create1(0), BAD, 1, 0, NULL, 8));
    RES("socket bad type", socket(AF_UNIX, 999, 0));
    RES("bind bad address", syscall(SYS_bind, socket(AF_UNIX, SOCK_STREAM, 0), BAD, 110));
    RES("nanosleep bad request", syscall(SYS_nanosleep, BAD, NULL));
    RES("futex bad pointer", syscall(SYS_futex, BAD, 0, 0, NULL, NULL, 0));
    RES("getcwd bad buffer", syscall(SYS_getcwd, BAD, 100));
    RES("getcwd too small", syscall(SYS_getcwd, longp, 1));
    RES("execve bad path", syscall(SYS_execve, BAD, NULL, NULL));
    RES("wait4 bad status", syscall(SYS_wait4, -1, BAD, 0, NULL));
    RES("unknown syscall", syscall(1000));
    SHOW("still alive", "%s", "yes");
    return 0;
}
