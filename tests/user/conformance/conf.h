/* Shared helpers for the conformance programs: one line per check, deterministic output. */
#ifndef CONF_H
#define CONF_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Print "what: value"; values must not depend on pids, times or addresses. */
#define SHOW(what, fmt, ...) (printf("%s: " fmt "\n", what, __VA_ARGS__), fflush(stdout))
/* A call's outcome as "ok" or the errno name, so that numbering differences cannot matter. */
#define RES(what, expr) do { errno = 0; long r_ = (long)(expr); \
        SHOW(what, "%s", r_ < 0 ? conf_errname(errno) : "ok"); } while (0)

static inline const char *conf_errname(int e)
{
    switch (e) {
#define E(x) case x: return #x;
    E(EPERM) E(ENOENT) E(ESRCH) E(EINTR) E(EIO) E(EBADF) E(ECHILD) E(EAGAIN) E(ENOMEM)
    E(EACCES) E(EFAULT) E(EBUSY) E(EEXIST) E(EXDEV) E(ENOTDIR) E(EISDIR) E(EINVAL) E(EMFILE)
    E(ENOTTY) E(EFBIG) E(ENOSPC) E(ESPIPE) E(EROFS) E(EPIPE) E(ERANGE) E(ENAMETOOLONG)
    E(ENOSYS) E(ENOTEMPTY) E(ELOOP) E(EOPNOTSUPP) E(ETIMEDOUT) E(ECONNREFUSED) E(ENOTSOCK)
    E(EAFNOSUPPORT) E(EADDRINUSE) E(EMSGSIZE) E(ENOTCONN) E(EDEADLK) E(EOVERFLOW)
#undef E
    default: return "E?";
    }
}

#endif
