/* Conformance: pipes (capacity, EPIPE, O_NONBLOCK, pipe2 flags), eventfd, epoll, poll,
 * select, timerfd, splice/tee between pipes. */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/timerfd.h>
#include "conf.h"

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    int p[2];
    RES("pipe2 O_NONBLOCK|O_CLOEXEC", pipe2(p, O_NONBLOCK | O_CLOEXEC));
    SHOW("FD_CLOEXEC", "%d", fcntl(p[0], F_GETFD) & FD_CLOEXEC);
    char c;
    RES("read empty nonblocking pipe", read(p[0], &c, 1));
    SHOW("F_GETPIPE_SZ", "%d", fcntl(p[1], F_GETPIPE_SZ));
    static char big[1 << 17];
    long n = write(p[1], big, sizeof(big));
    SHOW("write 128 KiB into a 64 KiB pipe", "%ld", n);
    RES("write full nonblocking pipe", write(p[1], big, 1));
    struct pollfd pf[2] = { { p[0], POLLIN, 0 }, { p[1], POLLOUT, 0 } };
    int pr = poll(pf, 2, 0);
    SHOW("poll", "%d in=%d out=%d", pr, !!(pf[0].revents & POLLIN), !!(pf[1].revents & POLLOUT));
    while (read(p[0], big, sizeof(big)) > 0)
        ;
    signal(SIGPIPE, SIG_IGN);
    close(p[0]);
    RES("write to pipe without reader", write(p[1], "x", 1));
    close(p[1]);

    int e = eventfd(3, EFD_NONBLOCK);
    uint64_t v = 4;
    write(e, &v, 8);
    read(e, &v, 8);
    SHOW("eventfd counter", "%llu", (unsigned long long)v);
    RES("eventfd read at zero", read(e, &v, 8));
    RES("eventfd short write", write(e, &v, 4));
    int s = eventfd(0, EFD_SEMAPHORE | EFD_NONBLOCK);
    v = 2;
    write(s, &v, 8);
    read(s, &v, 8);
    SHOW("EFD_SEMAPHORE read", "%llu", (unsigned long long)v);

    int ep = epoll_create1(EPOLL_CLOEXEC);
    pipe(p);
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x1122334455667788ull };
    RES("epoll_ctl ADD", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
    RES("epoll_ctl ADD again", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
    struct epoll_event out[4];
    SHOW("epoll_wait nothing ready", "%d", epoll_wait(ep, out, 4, 10));
    write(p[1], "ab", 2);
    memset(out, 0, sizeof(out));
    int k = epoll_wait(ep, out, 4, 1000);
    SHOW("epoll_wait", "%d events=%x data=%llx", k, out[0].events,
         (unsigned long long)out[0].data.u64);
    ev.events = EPOLLIN | EPOLLET;
    RES("epoll_ctl MOD edge-triggered", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
    SHOW("edge: first wait", "%d", epoll_wait(ep, out, 4, 0));
    SHOW("edge: second wait", "%d", epoll_wait(ep, out, 4, 0));
    RES("epoll_ctl DEL", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL));
    RES("epoll_wait maxevents 0", epoll_wait(ep, out, 0, 0));

    fd_set r;
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    struct timeval tv = { 0, 0 };
    int sr = select(p[0] + 1, &r, NULL, NULL, &tv);
    SHOW("select readable", "%d isset=%d", sr, FD_ISSET(p[0], &r));
    read(p[0], big, 2);
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    tv.tv_usec = 20000;
    SHOW("select timeout", "%d", select(p[0] + 1, &r, NULL, NULL, &tv));

    int q[2];
    pipe(q);
    write(p[1], "splice", 6);
    SHOW("tee", "%zd", tee(p[0], q[1], 6, 0));
    SHOW("splice", "%zd", splice(p[0], NULL, q[1], NULL, 6, 0));
    n = read(q[0], big, 64);
    SHOW("after tee+splice", "%ld %.12s", n, big);

    int t = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    struct itimerspec its = { { 0, 5000000 }, { 0, 5000000 } };
    timerfd_settime(t, 0, &its, NULL);
    struct pollfd tp = { t, POLLIN, 0 };
    poll(&tp, 1, 1000);
    n = read(t, &v, 8);
    SHOW("timerfd expirations >= 1", "%ld %s", n, v >= 1 ? "yes" : "no");
    struct pollfd *volatile none = NULL;
    RES("poll more fds than RLIMIT_NOFILE", poll(none, 1u << 30, 0));
    return 0;
}
