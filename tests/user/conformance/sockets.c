/* Conformance: AF_UNIX stream/datagram sockets with SCM_RIGHTS and SO_PEERCRED-free options,
 * TCP and UDP on loopback (ephemeral ports, getsockname/getpeername shapes), shutdown,
 * socket errors. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include "conf.h"

static void scm_rights(void)
{
    int sv[2], p[2];
    RES("socketpair AF_UNIX", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    pipe(p);
    char data = 'z';
    struct iovec iov = { &data, 1 };
    union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } u;
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
                        .msg_controllen = sizeof(u.buf) };
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &p[1], sizeof(int));
    SHOW("sendmsg SCM_RIGHTS", "%zd", sendmsg(sv[0], &m, 0));
    char got = 0;
    struct iovec iov2 = { &got, 1 };
    union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } u2;
    struct msghdr r = { .msg_iov = &iov2, .msg_iovlen = 1, .msg_control = u2.buf,
                        .msg_controllen = sizeof(u2.buf) };
    ssize_t n = recvmsg(sv[1], &r, 0);
    struct cmsghdr *rc = CMSG_FIRSTHDR(&r);
    int fd = -1;
    if (rc && rc->cmsg_type == SCM_RIGHTS)
        memcpy(&fd, CMSG_DATA(rc), sizeof(int));
    SHOW("recvmsg", "%zd '%c' rights=%s len=%d", n, got, fd >= 0 ? "yes" : "no",
         rc ? (int)(rc->cmsg_len - CMSG_LEN(0)) : -1);
    write(fd, "via", 3);
    char buf[8] = { 0 };
    read(p[0], buf, 3);
    SHOW("passed descriptor works", "%s", buf);
    RES("shutdown SHUT_WR", shutdown(sv[0], SHUT_WR));
    SHOW("read after peer shutdown", "%zd", read(sv[1], buf, 1));
    close(sv[0]);
    close(sv[1]);
}

static void unix_named(void)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    strcpy(a.sun_path, "sock");
    int s = socket(AF_UNIX, SOCK_DGRAM, 0);
    RES("bind AF_UNIX path", bind(s, (struct sockaddr *)&a, sizeof(a)));
    RES("bind again", bind(socket(AF_UNIX, SOCK_DGRAM, 0), (struct sockaddr *)&a, sizeof(a)));
    int c = socket(AF_UNIX, SOCK_DGRAM, 0);
    SHOW("sendto", "%zd", sendto(c, "dgram", 5, 0, (struct sockaddr *)&a, sizeof(a)));
    char buf[16] = { 0 };
    SHOW("recv", "%zd %s", recv(s, buf, sizeof(buf), 0), buf);
    struct sockaddr_un g;
    socklen_t len = sizeof(g);
    getsockname(s, (struct sockaddr *)&g, &len);
    SHOW("getsockname", "%s len=%d", g.sun_path, (int)len);
    unlink("sock");
    strcpy(a.sun_path, "nobody-here");
    RES("connect to missing path", connect(c, (struct sockaddr *)&a, sizeof(a)));
    close(s);
    close(c);
}

static void tcp_udp(void)
{
    int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    RES("SO_REUSEADDR", setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    RES("bind 127.0.0.1:0", bind(l, (struct sockaddr *)&a, sizeof(a)));
    socklen_t len = sizeof(a);
    getsockname(l, (struct sockaddr *)&a, &len);
    SHOW("ephemeral port", "%s len=%d", ntohs(a.sin_port) > 0 ? "yes" : "no", (int)len);
    RES("listen", listen(l, 4));
    int c = socket(AF_INET, SOCK_STREAM, 0);
    RES("connect", connect(c, (struct sockaddr *)&a, sizeof(a)));
    int s = accept4(l, NULL, NULL, SOCK_NONBLOCK);
    SHOW("accept4", "%s nonblock=%d", s >= 0 ? "ok" : "fail", !!(fcntl(s, F_GETFL) & O_NONBLOCK));
    int v = 0;
    len = sizeof(v);
    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &v, &len);
    SHOW("TCP_NODELAY", "%d len=%d", v, (int)len);
    getsockopt(c, SOL_SOCKET, SO_TYPE, &v, &len);
    SHOW("SO_TYPE", "%s", v == SOCK_STREAM ? "SOCK_STREAM" : "?");
    send(c, "ping", 4, 0);
    char buf[8] = { 0 };
    struct timeval tv = { 1, 0 };
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    int fl = fcntl(s, F_GETFL);
    fcntl(s, F_SETFL, fl & ~O_NONBLOCK);
    SHOW("recv", "%zd %s", recv(s, buf, 8, MSG_WAITALL), buf);
    close(c);
    SHOW("recv after close", "%zd", recv(s, buf, 8, 0));
    close(s);
    close(l);
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    a.sin_port = 0;
    bind(u, (struct sockaddr *)&a, sizeof(a));
    len = sizeof(a);
    getsockname(u, (struct sockaddr *)&a, &len);
    sendto(u, "udp!", 4, 0, (struct sockaddr *)&a, sizeof(a));
    struct sockaddr_in from;
    len = sizeof(from);
    ssize_t n = recvfrom(u, buf, 8, 0, (struct sockaddr *)&from, &len);
    SHOW("udp to self", "%zd %.4s from-same-port=%d", n, buf, from.sin_port == a.sin_port);
    close(u);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    scm_rights();
    unix_named();
    tcp_udp();
    RES("socket bad family", socket(12345, SOCK_STREAM, 0));
    RES("connect on a non-socket", connect(0, NULL, 0));
    RES("getsockopt bad level", getsockopt(socket(AF_INET, SOCK_STREAM, 0), 999, 1, NULL, NULL));
    return 0;
}
