/* The gdb stub in user mode (-g PORT): the guest stops before its first instruction, and
 * whichever guest thread stops (breakpoint, step) serves the connection until gdb resumes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include "gdb_int.h"
#include "trix/cpu_debug.h"
#include "../user/user.h"

static GdbStub gdb_user_stub;
static GdbStub *gdb_user;       /* NULL: no gdb (any more) */

static bool gdb_user_mem(uint64_t addr, uint8_t *buf, uint64_t len, bool write)
{
    if (!write)
        return user_get(buf, addr, len) == 0;
    if (user_put(addr, buf, len) != 0)
        return false;
    tb_invalidate_range(addr, addr + len);
    return true;
}

static int gdb_user_listen(const char *port_str)
{
    char *end;
    long port = strtol(port_str, &end, 10);
    if (end == port_str || *end || port <= 0 || port > 65535)
        trix_fatal("-g %s: expected a TCP port number", port_str);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                              .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (fd < 0)
        trix_fatal_errno("-g %s: socket", port_str);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 1) < 0)
        trix_fatal_errno("-g %s: cannot listen", port_str);
    return fd;
}

/* Serve packets until gdb resumes the guest, detaches or goes away. */
static void gdb_user_serve(GdbStub *g, CPUState *cpu)
{
    g->resumed = false;
    g->cpu_g = g->cpu_c = cpu;
    while (!g->resumed) {
        uint8_t buf[4096];
        ssize_t n = read(g->fd, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            g->detached = true;     /* gone without D: the guest runs on */
            break;
        }
        gdb_rx_bytes(g, buf, (int)n);
    }
    if (g->detached) {
        cpu_breakpoint_remove_all();
        cpu_single_step_set(NULL);
        cpu_debug_run_only(NULL);
        close(g->fd);
        g->fd = -1;
        gdb_user = NULL;
    }
}

void gdb_user_start(const char *port, CPUState *cpu)
{
    GdbStub *g = &gdb_user_stub;
    g->arch = gdb_arch_for(cpu->target->name);
    if (!g->arch)
        trix_fatal("-g: no gdb register description for %s yet", cpu->target->name);
    int lfd = gdb_user_listen(port);
    int fd;
    while ((fd = accept(lfd, NULL, NULL)) < 0 && errno == EINTR)
        ;
    if (fd < 0)
        trix_fatal_errno("-g %s: accept", port);
    close(lfd);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    g->fd = fd;
    g->mem_rw = gdb_user_mem;
    gdb_user = g;
    cpu_debug_clear_stop();
    gdb_user_serve(g, cpu);
}

bool gdb_user_stopped(CPUState *cpu)
{
    GdbStub *g = gdb_user;
    if (!g)
        return false;
    g->cpu_g = g->cpu_c = cpu;
    gdb_stop_reply(g, true);
    gdb_user_serve(g, cpu);
    return true;
}

void gdb_user_exit(int status)
{
    char out[8];
    if (!gdb_user)
        return;
    snprintf(out, sizeof(out), "W%02x", status & 0xff);
    gdb_send_str(gdb_user, out);
}
