/* File I/O syscalls: open/close, read/write and vectors, seek, pipes, dup, fcntl, ioctl. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include "syscall_util.h"

#define GUEST_IOV_MAX 1024

/* /proc/self/exe and friends name the guest program, not trix. */
bool user_is_self_exe(const char *p)
{
    char own[64];
    snprintf(own, sizeof(own), "/proc/%d/exe", (int)getpid());
    return !strcmp(p, "/proc/self/exe") || !strcmp(p, own) ||
           !strcmp(p, "/proc/thread-self/exe");
}

static long sys_openat(const uint64_t *a)
{
    GPATH(path, a[1]);
    if (user_is_self_exe(path))
        path = user_exec_path;
    if (path[0] == '/' && !strncmp(path, "/proc/", 6)) {
        int fd = user_proc_open(path, user_open_flags_to_host((int)a[2]));
        if (fd != -1)
            return fd;
    }
    return USER_SAFE(SYS_openat, (int)a[0], path, user_open_flags_to_host((int)a[2]),
                     (mode_t)a[3]);
}

static long sys_close(const uint64_t *a)
{
    return user_fd_reserved((int)a[0]) ? -EBADF : HRET(close((int)a[0]));
}

static long sys_close_range(const uint64_t *a)
{
    return user_fd_close_range((unsigned)a[0], (unsigned)a[1], (unsigned)a[2]);
}

static long sys_read(const uint64_t *a)
{
    GBUF(buf, a[1], a[2], PAGE_WRITE);
    long r = USER_SAFE(SYS_read, (int)a[0], buf, a[2]);
    sfd_after_read((int)a[0], buf, r);
    return r;
}

static long sys_write(const uint64_t *a)
{
    GBUF(buf, a[1], a[2], PAGE_READ);
    return USER_SAFE(SYS_write, (int)a[0], buf, a[2]);
}

static long sys_pread64(const uint64_t *a)
{
    GBUF(buf, a[1], a[2], PAGE_WRITE);
    return USER_SAFE(SYS_pread64, (int)a[0], buf, a[2], (off_t)a[3]);
}

static long sys_pwrite64(const uint64_t *a)
{
    GBUF(buf, a[1], a[2], PAGE_READ);
    return USER_SAFE(SYS_pwrite64, (int)a[0], buf, a[2], (off_t)a[3]);
}

/* Guest iovec array -> host iovecs (same layout, translated bases); NULL with *err set. */
static struct iovec *iov_convert(uint64_t g, uint64_t cnt, int prot, long *err)
{
    *err = -EINVAL;
    if (cnt > GUEST_IOV_MAX)
        return NULL;
    struct iovec *v = trix_malloc0((cnt ? cnt : 1) * sizeof(*v));
    *err = -EFAULT;
    if (cnt && user_get(v, g, cnt * sizeof(*v)) < 0)
        goto fail;
    for (uint64_t i = 0; i < cnt; i++) {
        uint64_t base = (uint64_t)(uintptr_t)v[i].iov_base;
        if ((ssize_t)v[i].iov_len < 0) {
            *err = -EINVAL;
            goto fail;
        }
        void *h = v[i].iov_len ? user_ptr(base, v[i].iov_len, prot) : g2h(base);
        if (!h)
            goto fail;
        v[i].iov_base = h;
    }
    *err = 0;
    return v;
fail:
    free(v);
    return NULL;
}

static long do_iov(const uint64_t *a, int prot, int kind)
{
    long err;
    struct iovec *v = iov_convert(a[1], a[2], prot, &err);
    if (!v)
        return err;
    int fd = (int)a[0], n = (int)a[2];
    long r;
    switch (kind) {
    /* p*v*: the offset as (low, high) halves, as the kernel's entry point takes it. */
    case 0: r = USER_SAFE(SYS_readv, fd, v, n); break;
    case 1: r = USER_SAFE(SYS_writev, fd, v, n); break;
    case 2: r = USER_SAFE(SYS_preadv, fd, v, n, a[3], 0); break;
    case 3: r = USER_SAFE(SYS_pwritev, fd, v, n, a[3], 0); break;
    case 4: r = USER_SAFE(SYS_preadv2, fd, v, n, a[3], 0, (int)a[5]); break;
    default: r = USER_SAFE(SYS_pwritev2, fd, v, n, a[3], 0, (int)a[5]); break;
    }
    free(v);
    return r;
}

static long sys_readv(const uint64_t *a) { return do_iov(a, PAGE_WRITE, 0); }
static long sys_writev(const uint64_t *a) { return do_iov(a, PAGE_READ, 1); }
static long sys_preadv(const uint64_t *a) { return do_iov(a, PAGE_WRITE, 2); }
static long sys_pwritev(const uint64_t *a) { return do_iov(a, PAGE_READ, 3); }
static long sys_preadv2(const uint64_t *a) { return do_iov(a, PAGE_WRITE, 4); }
static long sys_pwritev2(const uint64_t *a) { return do_iov(a, PAGE_READ, 5); }

static long sys_lseek(const uint64_t *a)
{
    return HRET(lseek((int)a[0], (off_t)a[1], (int)a[2]));
}

static long sys_pipe2(const uint64_t *a)
{
    int fds[2];
    if (!user_ptr(a[0], sizeof(fds), PAGE_WRITE))
        return -EFAULT;
    if (pipe2(fds, (int)a[1]) != 0)
        return -errno;
    return user_put(a[0], fds, sizeof(fds));
}

static long sys_dup(const uint64_t *a) { return HRET(dup((int)a[0])); }

static long sys_dup3(const uint64_t *a)
{
    return HRET(dup3((int)a[0], (int)a[1], (int)a[2]));
}

static bool fcntl_is_lock(int cmd)
{
    return cmd == F_GETLK || cmd == F_SETLK || cmd == F_SETLKW || cmd == F_OFD_GETLK ||
           cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
}

static long sys_fcntl(const uint64_t *a)
{
    int fd = (int)a[0], cmd = (int)a[1];
    if (fcntl_is_lock(cmd)) {
        GBUF(fl, a[2], sizeof(struct flock), PAGE_READ | PAGE_WRITE);
        if (cmd == F_SETLKW || cmd == F_OFD_SETLKW)
            return USER_SAFE(SYS_fcntl, fd, cmd, fl);
        return HRET(fcntl(fd, cmd, fl));
    }
    if (cmd == F_GETOWN_EX || cmd == F_SETOWN_EX) {
        GBUF(ow, a[2], sizeof(struct f_owner_ex), PAGE_READ | PAGE_WRITE);
        return HRET(fcntl(fd, cmd, ow));
    }
    if (cmd == F_SETSIG || cmd == F_GETSIG) {
        long r = fcntl(fd, cmd, cmd == F_SETSIG && a[2] ? sig_target_to_host((int)a[2]) : 0);
        return r < 0 ? -errno : (cmd == F_GETSIG && r > 0 ? sig_host_to_target((int)r) : r);
    }
    if (cmd == F_SETFL)
        return HRET(fcntl(fd, cmd, user_open_flags_to_host((int)a[2])));
    if (cmd == F_GETFL) {
        long r = fcntl(fd, cmd);
        return r < 0 ? -errno : user_open_flags_to_target((int)r);
    }
    return HRET(fcntl(fd, cmd, (long)a[2]));
}

static long sys_flock(const uint64_t *a)
{
    return USER_SAFE(SYS_flock, (int)a[0], (int)a[1]);
}

/* ioctls whose argument is a pointer to a fixed-size block with the same layout on both
 * ABIs; the value is the size, or 0 for an integer argument passed by value. */
static long ioctl_arg_size(unsigned long cmd)
{
    switch (cmd) {
    case TCGETS: case TCSETS: case TCSETSW: case TCSETSF: return 36;
    case TIOCGWINSZ: case TIOCSWINSZ: return 8;
    case TIOCGPGRP: case TIOCSPGRP: case FIONREAD: case FIONBIO: case TIOCGSID:
    case TIOCOUTQ: case TIOCGPTN: case TIOCSPTLCK: case TIOCMGET: case TIOCMSET:
    case TIOCGETD: case TIOCSETD: case FIOASYNC: case TIOCGPKT: case TIOCPKT:
    case TIOCGEXCL: case TIOCGLCKTRMIOS: return 4;
    case TIOCSCTTY: case TIOCNOTTY: case TCFLSH: case TCXONC: case TCSBRK: case TCSBRKP:
    case FIOCLEX: case FIONCLEX: case TIOCEXCL: case TIOCNXCL: case TIOCSBRK: case TIOCCBRK:
        return 0;
    default:
        return -1;
    }
}

static long sys_ioctl(const uint64_t *a)
{
    unsigned long cmd = (unsigned)a[1];
    long size = ioctl_arg_size(cmd);
    if (size < 0) {
        log_mask(LOG_UNIMP, "Unsupported ioctl: cmd=0x%04lx\n", cmd);
        return -ENOTTY;
    }
    if (size == 0)
        return HRET(ioctl((int)a[0], cmd, (unsigned long)a[2]));
    GBUF(p, a[2], (uint64_t)size, PAGE_READ | PAGE_WRITE);
    return USER_SAFE(SYS_ioctl, (int)a[0], cmd, p);
}

static long sys_sendfile(const uint64_t *a)
{
    GOPT(off, a[2], 8, PAGE_READ | PAGE_WRITE);
    return HRET(USER_BLOCKING(sendfile((int)a[0], (int)a[1], off, a[3])));
}

static long sys_copy_file_range(const uint64_t *a)
{
    GOPT(offin, a[1], 8, PAGE_READ | PAGE_WRITE);
    GOPT(offout, a[3], 8, PAGE_READ | PAGE_WRITE);
    return HRET(USER_BLOCKING(copy_file_range((int)a[0], offin, (int)a[2], offout, a[4],
                                              (unsigned)a[5])));
}

static long sys_splice(const uint64_t *a)
{
    GOPT(offin, a[1], 8, PAGE_READ | PAGE_WRITE);
    GOPT(offout, a[3], 8, PAGE_READ | PAGE_WRITE);
    return HRET(USER_BLOCKING(splice((int)a[0], offin, (int)a[2], offout, a[4],
                                     (unsigned)a[5])));
}

static long sys_tee(const uint64_t *a)
{
    return HRET(USER_BLOCKING(tee((int)a[0], (int)a[1], a[2], (unsigned)a[3])));
}

static long sys_fsync(const uint64_t *a) { return HRET(USER_BLOCKING(fsync((int)a[0]))); }
static long sys_fdatasync(const uint64_t *a) { return HRET(USER_BLOCKING(fdatasync((int)a[0]))); }
static long sys_sync(const uint64_t *a) { sync(); return 0; }
static long sys_syncfs(const uint64_t *a) { return HRET(syncfs((int)a[0])); }

static long sys_ftruncate(const uint64_t *a)
{
    return HRET(ftruncate((int)a[0], (off_t)a[1]));
}

static long sys_truncate(const uint64_t *a)
{
    GPATH(path, a[0]);
    return HRET(truncate(path, (off_t)a[1]));
}

static long sys_fallocate(const uint64_t *a)
{
    return HRET(fallocate((int)a[0], (int)a[1], (off_t)a[2], (off_t)a[3]));
}

static long sys_fadvise64(const uint64_t *a)
{
    return -posix_fadvise((int)a[0], (off_t)a[1], (off_t)a[2], (int)a[3]);
}

static long sys_readahead(const uint64_t *a)
{
    return HRET(readahead((int)a[0], (off_t)a[1], a[2]));
}

static long sys_memfd_create(const uint64_t *a)
{
    GSTR(name, a[0]);
    return HRET(memfd_create(name, (unsigned)a[1]));
}

void sys_file_register(SysDef *tab)
{
    REG(openat, "fsxo", 0);
    REG(close, "d", 0);
    REG(close_range, "ddx", 0);
    REG(read, "dpu", 0);
    REG(write, "dpu", 0);
    REG(pread64, "dpul", 0);
    REG(pwrite64, "dpul", 0);
    REG(readv, "dpd", 0);
    REG(writev, "dpd", 0);
    REG(preadv, "dpdl", 0);
    REG(pwritev, "dpdl", 0);
    REG(preadv2, "dpdlxx", 0);
    REG(pwritev2, "dpdlxx", 0);
    REG(lseek, "dld", 0);
    REG(pipe2, "px", 0);
    REG(dup, "d", 0);
    REG(dup3, "ddx", 0);
    REG(fcntl, "ddx", 0);
    REG(flock, "dd", 0);
    REG(ioctl, "dxx", 0);
    REG(sendfile, "ddpu", 0);
    REG(copy_file_range, "dpdpux", 0);
    REG(splice, "dpdpux", 0);
    REG(tee, "ddux", 0);
    REG(fsync, "d", 0);
    REG(fdatasync, "d", 0);
    REG(sync, "", 0);
    REG(syncfs, "d", 0);
    REG(ftruncate, "dl", 0);
    REG(truncate, "sl", 0);
    REG(fallocate, "ddll", 0);
    REG(fadvise64, "dlld", 0);
    REG(readahead, "dlu", 0);
    REG(memfd_create, "sx", 0);
}
