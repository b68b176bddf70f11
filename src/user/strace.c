/* -strace: one line per guest syscall, "pid name(args) = result", in qemu's style. */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>
#include "trix/guest_mem.h"
#include "user.h"

static __thread char strace_buf[1024];
static __thread size_t strace_len;

static void strace_add(const char *fmt, ...) PRINTF_FMT(1, 2);
static void strace_add(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (strace_len < sizeof(strace_buf)) {
        int n = vsnprintf(strace_buf + strace_len, sizeof(strace_buf) - strace_len, fmt, ap);
        if (n > 0)
            strace_len += (size_t)n;
        if (strace_len >= sizeof(strace_buf))
            strace_len = sizeof(strace_buf) - 1;
    }
    va_end(ap);
}

static void strace_string(uint64_t g)
{
    const char *s = g ? user_str(g) : NULL;
    if (!s) {
        strace_add("0x%llx", (unsigned long long)g);
        return;
    }
    strace_add("\"");
    for (int i = 0; s[i] && i < 64; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n')
            strace_add("\\n");
        else if (c == '"' || c == '\\')
            strace_add("\\%c", c);
        else if (c < 32 || c >= 127)
            strace_add("\\%o", c);
        else
            strace_add("%c", c);
        if (i == 63 && s[i + 1])
            strace_add("\"...");
    }
    if (strlen(s) <= 64)
        strace_add("\"");
}

static void strace_arg(char kind, uint64_t v)
{
    switch (kind) {
    case 'd': strace_add("%d", (int)v); break;
    case 'l': strace_add("%lld", (long long)v); break;
    case 'u': strace_add("%llu", (unsigned long long)v); break;
    case 'o': strace_add("0%llo", (unsigned long long)v); break;
    case 's': strace_string(v); break;
    case 'f':
        if ((int)v == -100)
            strace_add("AT_FDCWD");
        else
            strace_add("%d", (int)v);
        break;
    default: strace_add("0x%llx", (unsigned long long)v); break;
    }
}

static void strace_flush(void)
{
    strace_buf[strace_len++] = '\n';
    if (trix_log_file) {
        fwrite(strace_buf, 1, strace_len, trix_log_file);
        fflush(trix_log_file);
    } else if (write(2, strace_buf, strace_len) < 0) {
        /* nothing sensible to do */
    }
    strace_len = 0;
}

void strace_enter(const SysDef *d, int nr, const uint64_t *a)
{
    strace_len = 0;
    strace_add("%d ", (int)getpid());
    if (!d) {
        strace_add("Unknown syscall %d", nr);
        return;
    }
    strace_add("%s(", d->name);
    for (int i = 0; d->fmt[i] && i < 6; i++) {
        if (i)
            strace_add(",");
        strace_arg(d->fmt[i], a[i]);
    }
    strace_add(")");
    if (d->flags & SC_NOSTRACE_RET)
        strace_flush();
}

void strace_leave(const SysDef *d, long ret)
{
    if (d && (d->flags & SC_NOSTRACE_RET))
        return;
    if (ret < 0 && ret >= -4095)
        strace_add(" = -1 errno=%ld (%s)", -ret, strerror((int)-ret));
    else if (d && (d->flags & SC_RET_PTR))
        strace_add(" = 0x%lx", ret);
    else
        strace_add(" = %ld", ret);
    strace_flush();
}

/* A guest signal caught from the host ("queued") or delivered to a handler or default action
 * ("delivered"), in strace's "--- SIG... {...} ---" form. */
void strace_signal(const char *what, int sig, const siginfo_t *si)
{
    size_t keep = strace_len;           /* a syscall line may be half built */
    char saved[sizeof(strace_buf)];
    memcpy(saved, strace_buf, keep);
    strace_len = 0;
    strace_add("%d --- %s signal %d {si_signo=%d, si_code=%d, si_pid=%d, si_value=%#lx} ---",
               (int)getpid(), what, sig, sig, si->si_code, (int)si->si_pid,
               (unsigned long)(uintptr_t)si->si_value.sival_ptr);
    strace_flush();
    memcpy(strace_buf, saved, keep);
    strace_len = keep;
}
