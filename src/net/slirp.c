/* -netdev user: libslirp user networking (DHCP, DNS, NAT to host sockets, hostfwd) on the I/O thread. */
/*
 * libslirp is not thread-safe; every call into it is made with the device lock held: from
 * the vCPU thread (a frame from the guest: slirp_input), from the I/O thread's timers, and
 * from a GSource on the I/O thread's main loop whose prepare step asks slirp which sockets
 * to watch (slirp_pollfds_fill) and whose dispatch step lets slirp read and write them
 * (slirp_pollfds_poll). slirp's own TCP timers run from that dispatch, so the source also
 * fires when the timeout slirp asked for has passed.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <slirp/libslirp.h>
#include "trix/net.h"
#include "src/system_int.h"
#include "src/net/slirp_cfg.h"

typedef struct SlirpNet {
    Slirp *slirp;
    NetClient *nc;
    SlirpCfg cfg;
} SlirpNet;

typedef struct SlirpTimer {
    HWTimer *timer;
    SlirpNet *sn;
    SlirpTimerId id;
    void *cb_opaque;
} SlirpTimer;

typedef struct SlirpSource {
    GSource src;
    SlirpNet *sn;
    GPollFD *fds;               /* the descriptors slirp asked for in this iteration */
    int nfds, cap;
    GPollFD *next;              /* filled by slirp_pollfds_fill, then compared with fds */
    int nnext, cap_next;
    bool polled;                /* fds are attached with g_source_add_poll */
    int64_t deadline;           /* clock_host_ns() when slirp wants to run its timers */
} SlirpSource;

/* ---- callbacks from slirp ---- */

static ssize_t sn_send_packet(const void *buf, size_t len, void *opaque)
{
    SlirpNet *sn = opaque;
    net_client_deliver(sn->nc, buf, len);
    return (ssize_t)len;
}

static void sn_guest_error(const char *msg, void *opaque)
{
    log_mask(LOG_GUEST_ERROR, "netdev %s: slirp: %s\n", net_client_id(((SlirpNet *)opaque)->nc),
             msg);
}

static int64_t sn_clock_get_ns(void *opaque)
{
    return clock_ns();
}

static void sn_timer_fire(void *opaque)
{
    SlirpTimer *t = opaque;
    slirp_handle_timer(t->sn->slirp, t->id, t->cb_opaque);
}

static void *sn_timer_new_opaque(SlirpTimerId id, void *cb_opaque, void *opaque)
{
    SlirpTimer *t = trix_malloc0(sizeof(*t));
    t->sn = opaque;
    t->id = id;
    t->cb_opaque = cb_opaque;
    t->timer = timer_new(sn_timer_fire, t);
    return t;
}

/* HWTimers live as long as the machine; a freed slirp timer is only disarmed. */
static void sn_timer_free(void *timer, void *opaque)
{
    timer_del(((SlirpTimer *)timer)->timer);
}

static void sn_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
    timer_mod(((SlirpTimer *)timer)->timer, expire_ms * 1000000);
}

static void sn_poll_fd(int fd, void *opaque) { }

static void sn_notify(void *opaque)
{
    iothread_wakeup();
}

static const SlirpCb sn_callbacks = {
    .send_packet = sn_send_packet,
    .guest_error = sn_guest_error,
    .clock_get_ns = sn_clock_get_ns,
    .timer_free = sn_timer_free,
    .timer_mod = sn_timer_mod,
    .register_poll_fd = sn_poll_fd,
    .unregister_poll_fd = sn_poll_fd,
    .notify = sn_notify,
    .timer_new_opaque = sn_timer_new_opaque,
};

/* ---- the main-loop source ---- */

static int sn_add_poll(int fd, int events, void *opaque)
{
    SlirpSource *ss = opaque;
    if (ss->nnext == ss->cap_next) {
        ss->cap_next = ss->cap_next ? ss->cap_next * 2 : 16;
        ss->next = trix_realloc(ss->next, sizeof(*ss->next) * (size_t)ss->cap_next);
    }
    GPollFD *p = &ss->next[ss->nnext];
    p->fd = fd;
    p->events = (events & SLIRP_POLL_IN ? G_IO_IN : 0) | (events & SLIRP_POLL_OUT ? G_IO_OUT : 0) |
                (events & SLIRP_POLL_PRI ? G_IO_PRI : 0) | (events & SLIRP_POLL_ERR ? G_IO_ERR : 0) |
                (events & SLIRP_POLL_HUP ? G_IO_HUP : 0);
    p->revents = 0;
    return ss->nnext++;
}

static int sn_get_revents(int idx, void *opaque)
{
    SlirpSource *ss = opaque;
    if (idx < 0 || idx >= ss->nfds)
        return 0;
    int r = ss->fds[idx].revents;
    return (r & G_IO_IN ? SLIRP_POLL_IN : 0) | (r & G_IO_OUT ? SLIRP_POLL_OUT : 0) |
           (r & G_IO_PRI ? SLIRP_POLL_PRI : 0) | (r & G_IO_ERR ? SLIRP_POLL_ERR : 0) |
           (r & G_IO_HUP ? SLIRP_POLL_HUP : 0);
}

static bool sn_same_fds(SlirpSource *ss)
{
    if (!ss->polled || ss->nnext != ss->nfds)
        return false;
    for (int i = 0; i < ss->nfds; i++)
        if (ss->next[i].fd != ss->fds[i].fd)
            return false;
    return true;
}

/* Make next the watched set. g_source_add_poll/remove_poll wake the context (an eventfd
 * write, and the coming poll returns at once), so the set is only re-registered when its
 * descriptors changed; glib reads the events of a registered GPollFD at every poll. */
static void sn_update_polls(SlirpSource *ss)
{
    if (sn_same_fds(ss)) {
        for (int i = 0; i < ss->nfds; i++) {
            ss->fds[i].events = ss->next[i].events;
            ss->fds[i].revents = 0;
        }
        return;
    }
    if (ss->polled)
        for (int i = 0; i < ss->nfds; i++)
            g_source_remove_poll(&ss->src, &ss->fds[i]);
    GPollFD *f = ss->fds;
    int cap = ss->cap;
    ss->fds = ss->next;
    ss->cap = ss->cap_next;
    ss->nfds = ss->nnext;
    ss->next = f;
    ss->cap_next = cap;
    for (int i = 0; i < ss->nfds; i++)
        g_source_add_poll(&ss->src, &ss->fds[i]);
    ss->polled = true;
}

static gboolean sn_src_prepare(GSource *s, gint *timeout)
{
    SlirpSource *ss = (SlirpSource *)s;
    uint32_t ms = UINT32_MAX;
    ss->nnext = 0;
    hw_lock();
    slirp_pollfds_fill(ss->sn->slirp, &ms, sn_add_poll, ss);
    hw_unlock();
    sn_update_polls(ss);    /* after the array stopped moving */
    if (ms > G_MAXINT) {
        ss->deadline = INT64_MAX;
        *timeout = -1;
    } else {
        ss->deadline = clock_host_ns() + (int64_t)ms * 1000000;
        *timeout = (gint)ms;
    }
    return ms == 0;
}

static gboolean sn_src_check(GSource *s)
{
    SlirpSource *ss = (SlirpSource *)s;
    for (int i = 0; i < ss->nfds; i++)
        if (ss->fds[i].revents)
            return TRUE;
    return clock_host_ns() >= ss->deadline;
}

static gboolean sn_src_dispatch(GSource *s, GSourceFunc cb, gpointer data)
{
    SlirpSource *ss = (SlirpSource *)s;
    hw_lock();
    slirp_pollfds_poll(ss->sn->slirp, 0, sn_get_revents, ss);
    hw_unlock();
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs sn_src_funcs = {
    .prepare = sn_src_prepare,
    .check = sn_src_check,
    .dispatch = sn_src_dispatch,
};

/* ---- the backend ---- */

static void sn_create(NetClient *nc, Opts *o)
{
    SlirpNet *sn = trix_malloc0(sizeof(*sn));
    sn->nc = nc;
    slirp_cfg_parse(&sn->cfg, o);
    sn->slirp = slirp_new(&sn->cfg.cfg, &sn_callbacks, sn);
    if (!sn->slirp)
        trix_fatal("%s: could not start user networking", o->what);
    slirp_cfg_add_forwards(&sn->cfg, sn->slirp, o->what);
    net_client_set_backend(nc, sn);
    SlirpSource *ss = (SlirpSource *)g_source_new(&sn_src_funcs, sizeof(SlirpSource));
    ss->sn = sn;
    g_source_attach(&ss->src, iothread_context());
    g_source_unref(&ss->src);
}

static void sn_send(NetClient *nc, const uint8_t *buf, size_t len)
{
    SlirpNet *sn = net_client_backend(nc);
    if (len > 65536)
        return;
    slirp_input(sn->slirp, buf, (int)len);
    iothread_wakeup();      /* slirp may watch new sockets now */
}

const NetBackendOps net_slirp_ops = {
    .type = "user",
    .create = sn_create,
    .send = sn_send,
};
