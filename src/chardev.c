/* Character backends for -serial: stdio (raw tty, C-a escape), file, pty, null, tcp, unix. */
/*
 * Input is read by the I/O thread into a small per-backend buffer and offered to the device
 * (the frontend) under the device lock, as much as its can_receive() allows. When the buffer
 * is full the fd watch is dropped so that the loop does not spin; the device calls
 * chr_poll_input() when it has room again, which delivers what is buffered and re-arms the
 * watch from the I/O thread. All backend state is protected by the device lock.
 *
 * stdio on a terminal is put in raw mode and restored at exit, on fatal errors (they exit
 * through exit()) and on terminating signals. "mon:stdio" (the -nographic default) also turns
 * off terminal signals so Ctrl-C reaches the guest, and enables the C-a escape commands.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <glib-unix.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include "trix/hw.h"
#include "trix/machine.h"
#include "system_int.h"

#define CHR_BUF_SIZE 4096

typedef enum { CHR_NULL, CHR_STDIO, CHR_FILE, CHR_PTY, CHR_SOCKET } ChrKind;

struct CharBackend {
    ChrKind kind;
    char *spec;
    int in_fd, out_fd;          /* -1: none (out_fd: output dropped) */
    int listen_fd;              /* socket servers */
    bool mux;                   /* C-a escape commands */
    bool esc;                   /* the previous input byte was C-a */
    bool eof;                   /* no more input from in_fd */
    bool rearm_pending;
    CharFrontend fe;
    bool has_fe;
    CharFrontend mon_fe;        /* mon:stdio: the HMP monitor, focused by C-a c */
    bool has_mon, mon_focus;
    uint8_t buf[CHR_BUF_SIZE];
    int len;
    GSource *in_src;
    CharBackend *next;
};

static CharBackend *chr_list;
static struct termios chr_saved_tty;
static bool chr_tty_saved;
static bool chr_stdio_used;

bool chr_stdio_in_use(void) { return chr_stdio_used; }

/* ---- terminal ---- */

void chr_restore_terminal(void)
{
    if (chr_tty_saved)
        tcsetattr(0, TCSANOW, &chr_saved_tty);
}

static void chr_signal_exit(int sig)
{
    chr_restore_terminal();
    signal(sig, SIG_DFL);
    raise(sig);
}

void chr_init_terminal(void)
{
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGABRT, SIGSEGV, SIGBUS };
    static bool done;
    if (done)
        return;
    done = true;
    atexit(chr_restore_terminal);
    for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
        signal(sigs[i], chr_signal_exit);
}

static void chr_tty_raw(bool keep_signals)
{
    struct termios t;
    if (!isatty(0) || tcgetattr(0, &chr_saved_tty) < 0)
        return;
    chr_tty_saved = true;
    chr_init_terminal();
    t = chr_saved_tty;
    t.c_iflag &= ~(unsigned)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    t.c_oflag |= OPOST;         /* the guest sends \r\n anyway; keep host \n -> \r\n */
    t.c_lflag &= ~(unsigned)(ECHO | ECHONL | ICANON | IEXTEN);
    if (!keep_signals)
        t.c_lflag &= ~(unsigned)ISIG;
    t.c_cflag &= ~(unsigned)(CSIZE | PARENB);
    t.c_cflag |= CS8;
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    tcsetattr(0, TCSANOW, &t);
}

/* ---- input ---- */

static void chr_deliver(CharBackend *c)
{
    while (c->len > 0 && (c->mon_focus || c->has_fe)) {
        CharFrontend *fe = c->mon_focus ? &c->mon_fe : &c->fe;
        int n = fe->can_receive ? fe->can_receive(fe->opaque) : c->len;
        if (n <= 0)
            break;
        if (n > c->len)
            n = c->len;
        fe->receive(fe->opaque, c->buf, n);
        memmove(c->buf, c->buf + n, (size_t)(c->len - n));
        c->len -= n;
    }
}

static void chr_put(CharBackend *c, uint8_t b)
{
    if (c->len < CHR_BUF_SIZE)
        c->buf[c->len++] = b;
}

static void chr_say(const char *s)
{
    ssize_t r = write(2, s, strlen(s));
    (void)r;
}

static void chr_escape(CharBackend *c, uint8_t b)
{
    switch (b) {
    case 'x':
        chr_say("\r\ntrix: terminated (C-a x)\r\n");
        machine_request_shutdown(0);
        break;
    case 'h': case '?':
        chr_say("\r\nC-a h    print this help\r\n"
                "C-a x    exit the emulator\r\n"
                "C-a c    switch between the console and the monitor\r\n"
                "C-a C-a  send C-a to the guest\r\n");
        break;
    case 'c':
        if (!c->has_mon) {
            chr_say("\r\ntrix: no monitor on this console\r\n");
            break;
        }
        c->mon_focus = !c->mon_focus;
        if (c->mon_focus && c->mon_fe.connected)
            c->mon_fe.connected(c->mon_fe.opaque);
        break;
    case 1:
        chr_put(c, 1);
        break;
    default:
        break;
    }
}

static void chr_input(CharBackend *c, const uint8_t *p, ssize_t n)
{
    for (ssize_t i = 0; i < n; i++) {
        if (c->esc) {
            c->esc = false;
            chr_escape(c, p[i]);
        } else if (c->mux && p[i] == 1) {
            c->esc = true;
        } else {
            chr_put(c, p[i]);
        }
    }
}

static void chr_disconnect(CharBackend *c)
{
    if (c->in_fd >= 0)
        close(c->in_fd);
    c->in_fd = c->out_fd = -1;
}

static gboolean chr_fd_ready(gint fd, GIOCondition cond, gpointer opaque)
{
    CharBackend *c = opaque;
    gboolean keep = G_SOURCE_CONTINUE;
    hw_lock();
    /* Read at most what fits even after escape expansion (C-a C-a gives one byte). */
    uint8_t tmp[CHR_BUF_SIZE];
    ssize_t n = read(fd, tmp, (size_t)(CHR_BUF_SIZE - c->len));
    if (n > 0) {
        chr_input(c, tmp, n);
    } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        c->eof = true;
        if (c->kind == CHR_SOCKET)
            chr_disconnect(c);
        keep = G_SOURCE_REMOVE;
    }
    chr_deliver(c);
    if (c->len >= CHR_BUF_SIZE)
        keep = G_SOURCE_REMOVE;
    if (keep == G_SOURCE_REMOVE)
        c->in_src = NULL;
    hw_unlock();
    return keep;
}

static void chr_watch(CharBackend *c)
{
    if (c->in_fd < 0 || c->in_src || c->eof)
        return;
    c->in_src = g_unix_fd_source_new(c->in_fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
    g_source_set_callback(c->in_src, (GSourceFunc)(void (*)(void))chr_fd_ready, c, NULL);
    g_source_attach(c->in_src, iothread_context());
    g_source_unref(c->in_src);
}

static gboolean chr_rearm(gpointer opaque)
{
    CharBackend *c = opaque;
    hw_lock();
    c->rearm_pending = false;
    chr_deliver(c);
    if (c->len < CHR_BUF_SIZE)
        chr_watch(c);
    hw_unlock();
    return G_SOURCE_REMOVE;
}

void chr_poll_input(CharBackend *c)
{
    if (!c)
        return;
    hw_lock();
    chr_deliver(c);
    if (!c->in_src && !c->eof && c->in_fd >= 0 && c->len < CHR_BUF_SIZE && !c->rearm_pending) {
        c->rearm_pending = true;
        iothread_call(chr_rearm, c);
    }
    hw_unlock();
}

void chr_attach(CharBackend *c, const CharFrontend *fe)
{
    if (!c)
        return;
    hw_lock();
    c->fe = *fe;
    c->has_fe = true;
    chr_watch(c);
    if (c->fe.connected && (c->out_fd >= 0))
        c->fe.connected(c->fe.opaque);
    hw_unlock();
}

/* The monitor behind C-a c on a mon:stdio backend (a no-op on other backends). */
bool chr_attach_mux_monitor(CharBackend *c, const CharFrontend *fe)
{
    if (!c || !c->mux)
        return false;
    hw_lock();
    c->mon_fe = *fe;
    c->has_mon = true;
    hw_unlock();
    return true;
}

/* ---- output ---- */

static void chr_write_fd(CharBackend *c, const uint8_t *buf, int len)
{
    while (len > 0) {
        ssize_t n = c->kind == CHR_SOCKET ? send(c->out_fd, buf, (size_t)len, MSG_NOSIGNAL)
                                          : write(c->out_fd, buf, (size_t)len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (c->kind == CHR_SOCKET && errno != EAGAIN)
                chr_disconnect(c);
            return;             /* pty without a reader, full socket, ...: drop */
        }
        buf += n;
        len -= (int)n;
    }
}

void chr_write(CharBackend *c, const uint8_t *buf, int len)
{
    if (!c || c->out_fd < 0 || len <= 0)
        return;
    hw_lock();
    chr_write_fd(c, buf, len);
    hw_unlock();
}

/* ---- opening ---- */

static CharBackend *chr_new(ChrKind kind, const char *spec, int in_fd, int out_fd)
{
    CharBackend *c = trix_malloc0(sizeof(*c));
    c->kind = kind;
    c->spec = trix_strdup(spec);
    c->in_fd = in_fd;
    c->out_fd = out_fd;
    c->listen_fd = -1;
    c->next = chr_list;
    chr_list = c;
    chr_watch(c);               /* before a device attaches: the C-a escape works anyway */
    return c;
}

static CharBackend *chr_open_stdio(const char *spec, bool mux)
{
    if (chr_stdio_used)
        trix_fatal("character device '%s': stdio is already in use", spec);
    chr_stdio_used = true;
    chr_tty_raw(!mux);
    CharBackend *c = chr_new(CHR_STDIO, spec, 0, 1);
    c->mux = mux;
    return c;
}

static CharBackend *chr_open_pty(const char *spec)
{
    int fd = posix_openpt(O_RDWR | O_NOCTTY);
    if (fd < 0 || grantpt(fd) < 0 || unlockpt(fd) < 0)
        trix_fatal_errno("character device '%s': cannot create a pseudo-terminal", spec);
    struct termios t;
    if (tcgetattr(fd, &t) == 0) {
        cfmakeraw(&t);
        tcsetattr(fd, TCSANOW, &t);
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    fprintf(stderr, "%s: char device redirected to %s (label %s)\n", trix_progname,
            ptsname(fd), spec);
    return chr_new(CHR_PTY, spec, fd, fd);
}

typedef struct ChrSockOpts {
    bool server, wait, nodelay;
} ChrSockOpts;

/* Split "ADDR,opt,opt=..." into ADDR (returned, caller frees) and options. */
static char *chr_sock_opts(const char *spec, const char *rest, ChrSockOpts *o)
{
    *o = (ChrSockOpts){ .server = false, .wait = true };
    char *addr = trix_strdup(rest);
    char *comma = strchr(addr, ',');
    if (!comma)
        return addr;
    *comma = 0;
    for (char *opt = strtok(comma + 1, ","); opt; opt = strtok(NULL, ",")) {
        if (!strcmp(opt, "server") || !strcmp(opt, "server=on"))
            o->server = true;
        else if (!strcmp(opt, "server=off"))
            o->server = false;
        else if (!strcmp(opt, "nowait") || !strcmp(opt, "wait=off"))
            o->wait = false;
        else if (!strcmp(opt, "wait") || !strcmp(opt, "wait=on"))
            o->wait = true;
        else if (!strcmp(opt, "nodelay") || !strcmp(opt, "nodelay=on"))
            o->nodelay = true;
        else
            trix_fatal("character device '%s': unknown socket option '%s' (accepted: server, "
                       "nowait, wait=on|off, nodelay)", spec, opt);
    }
    return addr;
}

static void chr_sock_connected(CharBackend *c, int fd, bool nodelay)
{
    if (nodelay) {
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
    c->in_fd = c->out_fd = fd;
    c->eof = false;
    c->esc = false;
    chr_watch(c);
    if (c->has_fe && c->fe.connected)
        c->fe.connected(c->fe.opaque);
}

static bool chr_peer_gone(int fd)
{
    struct pollfd p = { .fd = fd, .events = POLLRDHUP };
    return poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR));
}

static void chr_drop_client(CharBackend *c)
{
    if (c->in_src) {
        g_source_destroy(c->in_src);
        c->in_src = NULL;
    }
    chr_disconnect(c);
}

static gboolean chr_accept_ready(gint fd, GIOCondition cond, gpointer opaque)
{
    CharBackend *c = opaque;
    int s = accept(fd, NULL, NULL);
    if (s < 0)
        return G_SOURCE_CONTINUE;
    hw_lock();
    if (c->in_fd >= 0 && chr_peer_gone(c->in_fd))
        chr_drop_client(c);     /* it hung up but its EOF is not read yet */
    if (c->in_fd >= 0) {
        close(s);               /* one client at a time */
    } else {
        chr_sock_connected(c, s, false);
    }
    hw_unlock();
    return G_SOURCE_CONTINUE;
}

static void chr_listen_watch(CharBackend *c)
{
    GSource *s = g_unix_fd_source_new(c->listen_fd, G_IO_IN);
    g_source_set_callback(s, (GSourceFunc)(void (*)(void))chr_accept_ready, c, NULL);
    g_source_attach(s, iothread_context());
    g_source_unref(s);
}

/* A listening or connected socket for addr; fatal with the reason on failure. */
static int chr_sock_fd(const char *spec, const struct sockaddr *sa, socklen_t len, bool server)
{
    int fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        trix_fatal_errno("character device '%s': socket", spec);
    if (server) {
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (bind(fd, sa, len) < 0 || listen(fd, 1) < 0)
            trix_fatal_errno("character device '%s': cannot listen", spec);
    } else if (connect(fd, sa, len) < 0) {
        trix_fatal_errno("character device '%s': cannot connect", spec);
    }
    return fd;
}

static CharBackend *chr_sock_finish(const char *spec, int fd, const ChrSockOpts *o)
{
    CharBackend *c = chr_new(CHR_SOCKET, spec, -1, -1);
    if (!o->server) {
        chr_sock_connected(c, fd, o->nodelay);
        return c;
    }
    c->listen_fd = fd;
    if (o->wait) {
        fprintf(stderr, "%s: waiting for connection on %s\n", trix_progname, spec);
        int s = accept(fd, NULL, NULL);
        if (s < 0)
            trix_fatal_errno("character device '%s': accept", spec);
        chr_sock_connected(c, s, o->nodelay);
    }
    chr_listen_watch(c);
    return c;
}

static CharBackend *chr_open_tcp(const char *spec, const char *rest)
{
    ChrSockOpts o;
    char *addr = chr_sock_opts(spec, rest, &o);
    char *colon = strrchr(addr, ':');
    if (!colon || !colon[1])
        trix_fatal("character device '%s': expected tcp:HOST:PORT", spec);
    *colon = 0;
    const char *host = addr[0] ? addr : (o.server ? NULL : "localhost");
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = o.server ? AI_PASSIVE : 0 }, *ai;
    int err = getaddrinfo(host, colon + 1, &hints, &ai);
    if (err)
        trix_fatal("character device '%s': cannot resolve address: %s", spec, gai_strerror(err));
    int fd = chr_sock_fd(spec, ai->ai_addr, ai->ai_addrlen, o.server);
    freeaddrinfo(ai);
    free(addr);
    return chr_sock_finish(spec, fd, &o);
}

static CharBackend *chr_open_unix(const char *spec, const char *rest)
{
    ChrSockOpts o;
    char *path = chr_sock_opts(spec, rest, &o);
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    if (!path[0] || strlen(path) >= sizeof(sun.sun_path))
        trix_fatal("character device '%s': bad socket path", spec);
    strcpy(sun.sun_path, path);
    if (o.server)
        unlink(path);
    int fd = chr_sock_fd(spec, (struct sockaddr *)&sun, sizeof(sun), o.server);
    free(path);
    return chr_sock_finish(spec, fd, &o);
}

CharBackend *chr_open(const char *spec)
{
    if (!strcmp(spec, "null"))
        return chr_new(CHR_NULL, spec, -1, -1);
    if (!strcmp(spec, "stdio"))
        return chr_open_stdio(spec, false);
    if (!strcmp(spec, "mon:stdio"))
        return chr_open_stdio(spec, true);
    if (!strcmp(spec, "pty"))
        return chr_open_pty(spec);
    if (!strncmp(spec, "file:", 5)) {
        if (!spec[5])
            trix_fatal("character device '%s': expected file:PATH", spec);
        int fd = open(spec + 5, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        if (fd < 0)
            trix_fatal_errno("character device '%s': cannot open '%s'", spec, spec + 5);
        return chr_new(CHR_FILE, spec, -1, fd);
    }
    if (!strncmp(spec, "tcp:", 4))
        return chr_open_tcp(spec, spec + 4);
    if (!strncmp(spec, "unix:", 5))
        return chr_open_unix(spec, spec + 5);
    if (!strncmp(spec, "chardev:", 8)) {
        CharBackend *c = chr_by_id(spec + 8);
        if (!c)
            trix_fatal("character device '%s': no -chardev with id=%s", spec, spec + 8);
        return c;
    }
    trix_fatal("character device '%s': unknown backend (accepted: stdio, mon:stdio, null, none, "
               "file:PATH, pty, tcp:HOST:PORT[,server][,nowait], unix:PATH[,server][,nowait], "
               "chardev:ID)", spec);
}

void chr_close_all(void)
{
    for (CharBackend *c = chr_list; c; c = c->next) {
        if (c->kind == CHR_FILE || c->kind == CHR_PTY || c->kind == CHR_SOCKET) {
            if (c->out_fd >= 0)
                close(c->out_fd);
            if (c->listen_fd >= 0)
                close(c->listen_fd);
            c->in_fd = c->out_fd = c->listen_fd = -1;
        }
    }
    chr_restore_terminal();
}
