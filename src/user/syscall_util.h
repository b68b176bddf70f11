/* Helpers shared by the syscall families: guest argument conversion in one line each. */
#ifndef TRIX_USER_SYSCALL_UTIL_H
#define TRIX_USER_SYSCALL_UTIL_H

#include <errno.h>
#include <limits.h>
#include "trix/guest_mem.h"
#include "user.h"
#include "syscall_nr.h"

/* Declare `var` as the host view of a guest string / path / buffer, or fail with EFAULT. */
#define GSTR(var, g) \
    const char *var = user_str(g); \
    if (!var) return -EFAULT
#define GPATH(var, g) \
    char var##_buf[PATH_MAX]; \
    const char *var = user_path((g), var##_buf, sizeof(var##_buf)); \
    if (!var) return -EFAULT
#define GBUF(var, g, len, prot) \
    void *var = ((len) != 0) ? user_ptr((g), (len), (prot)) : g2h(g); \
    if (!var) return -EFAULT
/* Optional pointer: NULL stays NULL. */
#define GOPT(var, g, len, prot) \
    void *var = NULL; \
    if (g) { var = user_ptr((g), (len), (prot)); if (!var) return -EFAULT; }

#define REG(n, f, fl) tab[TNR_##n] = (SysDef){ #n, sys_##n, f, fl }

NORETURN void user_exit_group(int status);
long user_clone_thread(uint64_t flags, uint64_t newsp, uint64_t ptid, uint64_t tls,
                       uint64_t ctid);
void user_random_bytes(void *buf, size_t len);
bool user_is_self_exe(const char *path);
/* select/pselect6: the fd sets of nfds a[0] at guest a[1..3], waiting at most *ts (NULL:
 * forever; the time left is written back) under guest signal mask gmask (0: unchanged). */
struct timespec;
long user_select(const uint64_t *a, struct timespec *ts, uint64_t gmask, uint64_t masklen);
int user_proc_open(const char *path, int flags);    /* -1: not one of ours */
long user_fd_close_range(unsigned lo, unsigned hi, unsigned flags);
void sfd_after_read(int fd, void *buf, long n);     /* signalfd reads: guest signal numbers */

#endif
