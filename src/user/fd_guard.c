/* The emulator's own descriptors (the -D log) kept away from the guest: moved to the top of
 * the descriptor range at start, and refused (EBADF) to close, close_range, dup2/dup3 and the
 * calls that take a descriptor first, as if they were not open. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "syscall_util.h"

#define FD_GUARD_MAX 4
static int guard_fd[FD_GUARD_MAX];
static int guard_n;
static bool guard_nr[TNR_COUNT];        /* syscalls whose first argument is a descriptor */

bool user_fd_reserved(int fd)
{
    for (int i = 0; i < guard_n; i++)
        if (guard_fd[i] == fd)
            return true;
    return false;
}

/* A descriptor number high above what programs normally use, below the soft limit. */
static int guard_base(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return 1000;
    return rl.rlim_cur > 64 ? (int)rl.rlim_cur - 16 : 3;
}

static void guard_log_file(void)
{
    if (!trix_log_file || trix_log_file == stderr || trix_log_file == stdout)
        return;
    int fd = fcntl(fileno(trix_log_file), F_DUPFD_CLOEXEC, guard_base());
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f)
        return;
    setvbuf(f, NULL, _IOLBF, 0);
    fclose(trix_log_file);
    trix_log_file = f;
    guard_fd[guard_n++] = fd;
}

void user_fd_guard_init(void)
{
    static const int fd_first[] = {
        TNR_read, TNR_write, TNR_pread64, TNR_pwrite64, TNR_readv, TNR_writev, TNR_lseek,
        TNR_fstat, TNR_fcntl, TNR_ioctl, TNR_dup, TNR_fsync, TNR_fdatasync, TNR_ftruncate,
        TNR_getdents64, TNR_fchmod, TNR_fchown, TNR_flock, TNR_fstatfs, TNR_preadv,
        TNR_pwritev, TNR_sendfile, TNR_fadvise64, TNR_fallocate, TNR_readlinkat,
    };
    for (size_t i = 0; i < ARRAY_SIZE(fd_first); i++)
        guard_nr[fd_first[i]] = true;
    guard_log_file();
}

/* Before a syscall: true when it names one of ours (the caller returns -EBADF). */
bool user_fd_guard_refuses(int nr, const uint64_t *a)
{
    if (!guard_n || nr < 0 || nr >= TNR_COUNT)
        return false;
    if (guard_nr[nr] && user_fd_reserved((int)a[0]))
        return true;
    return nr == TNR_dup3 && (user_fd_reserved((int)a[0]) || user_fd_reserved((int)a[1]));
}

/* close_range around our descriptors: the pieces between them. */
long user_fd_close_range(unsigned lo, unsigned hi, unsigned flags)
{
    if (lo > hi)
        return -EINVAL;
    unsigned from = lo;
    for (;;) {
        unsigned next = hi, found = 0;
        for (int i = 0; i < guard_n; i++) {
            unsigned g = (unsigned)guard_fd[i];
            if (g >= from && g <= next && (!found || g < next)) {
                next = g;
                found = 1;
            }
        }
        if (!found)
            return HRET(syscall(SYS_close_range, from, hi, flags));
        if (next > from && syscall(SYS_close_range, from, next - 1, flags) != 0)
            return -errno;
        if (next == hi)
            return 0;
        from = next + 1;
    }
}
