/* Socket syscalls: the generic socket ABI matches x86-64, so only pointers need translating. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include "syscall_util.h"

#define MAX_SOCKADDR 128

static long sys_socket(const uint64_t *a)
{
    return HRET(socket((int)a[0], (int)a[1], (int)a[2]));
}

static long sys_socketpair(const uint64_t *a)
{
    int sv[2];
    if (!user_ptr(a[3], sizeof(sv), PAGE_WRITE))
        return -EFAULT;
    if (socketpair((int)a[0], (int)a[1], (int)a[2], sv) != 0)
        return -errno;
    return user_put(a[3], sv, sizeof(sv));
}

static long sys_bind(const uint64_t *a)
{
    GBUF(addr, a[1], a[2], PAGE_READ);
    return HRET(bind((int)a[0], addr, (socklen_t)a[2]));
}

static long sys_connect(const uint64_t *a)
{
    GBUF(addr, a[1], a[2], PAGE_READ);
    return USER_SAFE(SYS_connect, (int)a[0], addr, (socklen_t)a[2]);
}

static long sys_listen(const uint64_t *a) { return HRET(listen((int)a[0], (int)a[1])); }

/* For calls returning an address: validate *addrlen and the buffer it describes. */
static long sock_out_addr(uint64_t addr, uint64_t lenp, void **haddr, socklen_t **hlen)
{
    *haddr = NULL;
    *hlen = NULL;
    if (!addr)
        return 0;
    uint32_t len;
    if (user_get(&len, lenp, 4) < 0 || !user_ptr(lenp, 4, PAGE_WRITE))
        return -EFAULT;
    if ((int)len < 0)
        return -EINVAL;
    *haddr = user_ptr(addr, len, PAGE_WRITE);
    if (len && !*haddr)
        return -EFAULT;
    *hlen = g2h(lenp);
    return 0;
}

static long sys_accept4(const uint64_t *a)
{
    void *addr;
    socklen_t *len;
    long e = sock_out_addr(a[1], a[2], &addr, &len);
    if (e)
        return e;
    return USER_SAFE(SYS_accept4, (int)a[0], addr, len, (int)a[3]);
}

static long sys_accept(const uint64_t *a)
{
    uint64_t b[4] = { a[0], a[1], a[2], 0 };
    return sys_accept4(b);
}

static long sys_getsockname(const uint64_t *a)
{
    void *addr;
    socklen_t *len;
    long e = sock_out_addr(a[1], a[2], &addr, &len);
    return e ? e : HRET(getsockname((int)a[0], addr, len));
}

static long sys_getpeername(const uint64_t *a)
{
    void *addr;
    socklen_t *len;
    long e = sock_out_addr(a[1], a[2], &addr, &len);
    return e ? e : HRET(getpeername((int)a[0], addr, len));
}

static long sys_sendto(const uint64_t *a)
{
    GBUF(buf, a[1], a[2], PAGE_READ);
    GOPT(addr, a[4], a[5], PAGE_READ);
    return USER_SAFE(SYS_sendto, (int)a[0], buf, a[2], (int)a[3], addr, (socklen_t)a[5]);
}

static long sys_recvfrom(const uint64_t *a)
{
    GBUF(buf, a[1], a[2], PAGE_WRITE);
    void *addr;
    socklen_t *len;
    long e = sock_out_addr(a[4], a[5], &addr, &len);
    if (e)
        return e;
    return USER_SAFE(SYS_recvfrom, (int)a[0], buf, a[2], (int)a[3], addr, len);
}

static long sys_setsockopt(const uint64_t *a)
{
    GBUF(val, a[3], a[4], PAGE_READ);
    return HRET(setsockopt((int)a[0], (int)a[1], (int)a[2], val, (socklen_t)a[4]));
}

static long sys_getsockopt(const uint64_t *a)
{
    void *val;
    socklen_t *len;
    long e = sock_out_addr(a[3], a[4], &val, &len);
    return e ? e : HRET(getsockopt((int)a[0], (int)a[1], (int)a[2], val, len));
}

static long sys_shutdown(const uint64_t *a) { return HRET(shutdown((int)a[0], (int)a[1])); }

/* struct msghdr has the same layout; its name, iov and control pointers are translated. */
static long msg_convert(uint64_t g, struct msghdr *m, struct iovec **iov, int prot)
{
    *iov = NULL;
    if (user_get(m, g, sizeof(*m)) < 0)
        return -EFAULT;
    if (m->msg_iovlen > 1024)
        return -EMSGSIZE;
    uint64_t name = (uint64_t)(uintptr_t)m->msg_name, ctl = (uint64_t)(uintptr_t)m->msg_control;
    uint64_t giov = (uint64_t)(uintptr_t)m->msg_iov;
    m->msg_name = name ? user_ptr(name, m->msg_namelen, prot) : NULL;
    m->msg_control = ctl ? user_ptr(ctl, m->msg_controllen, prot) : NULL;
    if ((name && !m->msg_name) || (ctl && !m->msg_control))
        return -EFAULT;
    *iov = trix_malloc0((m->msg_iovlen + 1) * sizeof(**iov));
    if (m->msg_iovlen && user_get(*iov, giov, m->msg_iovlen * sizeof(**iov)) < 0)
        return -EFAULT;
    for (size_t i = 0; i < m->msg_iovlen; i++) {
        uint64_t b = (uint64_t)(uintptr_t)(*iov)[i].iov_base;
        void *h = (*iov)[i].iov_len ? user_ptr(b, (*iov)[i].iov_len, prot) : g2h(b);
        if (!h)
            return -EFAULT;
        (*iov)[i].iov_base = h;
    }
    m->msg_iov = *iov;
    return 0;
}

static long sys_sendmsg(const uint64_t *a)
{
    struct msghdr m;
    struct iovec *iov;
    long r = msg_convert(a[1], &m, &iov, PAGE_READ);
    if (!r)
        r = USER_SAFE(SYS_sendmsg, (int)a[0], &m, (int)a[2]);
    free(iov);
    return r;
}

static long sys_recvmsg(const uint64_t *a)
{
    struct msghdr m;
    struct iovec *iov;
    long r = msg_convert(a[1], &m, &iov, PAGE_WRITE);
    if (!r)
        r = USER_SAFE(SYS_recvmsg, (int)a[0], &m, (int)a[2]);
    if (r >= 0) {
        /* Write back the lengths and flags the kernel updated. */
        user_put(a[1] + offsetof(struct msghdr, msg_namelen), &m.msg_namelen, 4);
        user_put(a[1] + offsetof(struct msghdr, msg_controllen), &m.msg_controllen, 8);
        user_put(a[1] + offsetof(struct msghdr, msg_flags), &m.msg_flags, 4);
    }
    free(iov);
    return r;
}

void sys_net_register(SysDef *tab)
{
    REG(socket, "ddd", 0);
    REG(socketpair, "dddp", 0);
    REG(bind, "dpu", 0);
    REG(connect, "dpu", 0);
    REG(listen, "dd", 0);
    REG(accept, "dpp", 0);
    REG(accept4, "dppx", 0);
    REG(getsockname, "dpp", 0);
    REG(getpeername, "dpp", 0);
    REG(sendto, "dpuxpu", 0);
    REG(recvfrom, "dpuxpp", 0);
    REG(setsockopt, "dddpu", 0);
    REG(getsockopt, "dddpp", 0);
    REG(shutdown, "dd", 0);
    REG(sendmsg, "dpx", 0);
    REG(recvmsg, "dpx", 0);
}
