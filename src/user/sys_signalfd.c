/* signalfd4: the host's signalfd on the mapped mask; reads get guest signal numbers. */
#include <signal.h>
#include <stdlib.h>
#include <sys/signalfd.h>
#include "syscall_util.h"

#define SFD_MAX 1024
static uint8_t sfd_is[SFD_MAX];        /* fds created by signalfd4 (checked again on read) */

static bool sfd_check(int fd)
{
    char link[64], path[32];
    if (fd < 0 || fd >= SFD_MAX || !sfd_is[fd])
        return false;
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    ssize_t n = readlink(path, link, sizeof(link) - 1);
    link[n > 0 ? n : 0] = 0;
    if (strcmp(link, "anon_inode:[signalfd]") != 0)
        sfd_is[fd] = 0;                 /* closed and reused since */
    return sfd_is[fd];
}

/* After a successful read of n bytes into buf from fd. */
void sfd_after_read(int fd, void *buf, long n)
{
    if (n <= 0 || !sfd_check(fd))
        return;
    struct signalfd_siginfo *s = buf;
    for (long i = 0; i < n / (long)sizeof(*s); i++) {
        int t = sig_host_to_target((int)s[i].ssi_signo);
        s[i].ssi_signo = t > 0 ? (uint32_t)t : s[i].ssi_signo;
    }
}

static long sys_signalfd4(const uint64_t *a)
{
    uint64_t tmask;
    if (a[2] != 8)
        return -EINVAL;
    if (user_get(&tmask, a[1], 8) < 0)
        return -EFAULT;
    sigset_t hs;
    sigemptyset(&hs);
    for (int s = 1; s <= 64; s++) {
        int h = sig_target_to_host(s);
        if ((tmask >> (s - 1) & 1) && h > 0)
            sigaddset(&hs, h);
    }
    long fd = HRET(signalfd((int)a[0], &hs, (int)a[3]));
    if (fd >= 0 && fd < SFD_MAX)
        sfd_is[fd] = 1;
    return fd;
}

void sys_signalfd_register(SysDef *tab)
{
    REG(signalfd4, "dpdx", 0);
}
