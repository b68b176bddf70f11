/* Network clients: the -netdev registry, NIC attachment, the guest-bound frame queue, MACs. */
#include <stdlib.h>
#include <string.h>
#include "trix/devtype.h"
#include "trix/net.h"

#define NET_RXQ_MAX_FRAMES 1024
#define NET_RXQ_MAX_BYTES (4u << 20)

typedef struct NetFrame {
    struct NetFrame *next;
    size_t len;
    uint8_t data[];
} NetFrame;

struct NetClient {
    char *id;
    const NetBackendOps *ops;
    void *backend;
    NetFrontend fe;
    bool has_fe;
    int sending;                /* inside net_client_send: frames wait in the queue */
    NetFrame *rxq_head, *rxq_tail;
    unsigned rxq_frames;
    size_t rxq_bytes;
    NetStats stats;
    NetClient *next;
};

static NetClient *net_clients;
static const NetBackendOps *const net_backends[] = { &net_slirp_ops };

NetClient *net_client_find(const char *id)
{
    for (NetClient *nc = net_clients; nc; nc = nc->next)
        if (!strcmp(nc->id, id))
            return nc;
    return NULL;
}

void *net_client_backend(NetClient *nc) { return nc->backend; }
void net_client_set_backend(NetClient *nc, void *state) { nc->backend = state; }
const char *net_client_id(const NetClient *nc) { return nc->id; }
const NetStats *net_client_stats(const NetClient *nc) { return &nc->stats; }

void net_client_attach(NetClient *nc, const NetFrontend *fe, const char *what)
{
    if (nc->has_fe)
        trix_fatal("%s: netdev '%s' is already in use by %s", what, nc->id, nc->fe.name);
    nc->fe = *fe;
    nc->has_fe = true;
}

/* ---- guest-bound frames ---- */

static bool net_offer(NetClient *nc, const uint8_t *buf, size_t len)
{
    if (!nc->has_fe || !nc->fe.receive(nc->fe.opaque, buf, len))
        return false;
    nc->stats.rx_packets++;
    nc->stats.rx_bytes += len;
    return true;
}

static void net_enqueue(NetClient *nc, const uint8_t *buf, size_t len)
{
    if (nc->rxq_frames >= NET_RXQ_MAX_FRAMES || nc->rxq_bytes + len > NET_RXQ_MAX_BYTES) {
        if (!nc->stats.rx_dropped++)
            log_mask(LOG_GUEST_ERROR, "netdev %s: the guest takes no packets; dropping "
                     "(counted in rx_dropped)\n", nc->id);
        return;
    }
    NetFrame *f = trix_malloc0(sizeof(*f) + len);
    f->len = len;
    memcpy(f->data, buf, len);
    if (nc->rxq_tail)
        nc->rxq_tail->next = f;
    else
        nc->rxq_head = f;
    nc->rxq_tail = f;
    nc->rxq_frames++;
    nc->rxq_bytes += len;
    nc->stats.rx_queued++;
}

void net_client_flush(NetClient *nc)
{
    if (!nc || nc->sending)
        return;
    NetFrame *f;
    while ((f = nc->rxq_head) && net_offer(nc, f->data, f->len)) {
        nc->rxq_head = f->next;
        if (!nc->rxq_head)
            nc->rxq_tail = NULL;
        nc->rxq_frames--;
        nc->rxq_bytes -= f->len;
        free(f);
    }
}

void net_client_deliver(NetClient *nc, const uint8_t *buf, size_t len)
{
    if (!nc->has_fe)
        return;     /* no NIC: like a cable to nowhere */
    if (nc->sending || nc->rxq_head || !net_offer(nc, buf, len))
        net_enqueue(nc, buf, len);
}

void net_client_send(NetClient *nc, const uint8_t *buf, size_t len)
{
    nc->stats.tx_packets++;
    nc->stats.tx_bytes += len;
    /* Replies the backend makes at once (ARP, DHCP, ACKs) wait until the NIC's transmit
     * handler has returned, so the NIC is never re-entered from its own send. */
    nc->sending++;
    nc->ops->send(nc, buf, len);
    nc->sending--;
    net_client_flush(nc);
}

void net_info(FILE *f)
{
    for (NetClient *nc = net_clients; nc; nc = nc->next) {
        const NetStats *s = &nc->stats;
        fprintf(f, "%s: %s, peer %s, tx %llu pkts %llu bytes, rx %llu pkts %llu bytes, "
                "queued %llu, dropped %llu\n", nc->id, nc->ops->type,
                nc->has_fe ? nc->fe.name : "none", (unsigned long long)s->tx_packets,
                (unsigned long long)s->tx_bytes, (unsigned long long)s->rx_packets,
                (unsigned long long)s->rx_bytes, (unsigned long long)s->rx_queued,
                (unsigned long long)s->rx_dropped);
    }
}

/* ---- MAC addresses ---- */

bool net_parse_mac(const char *s, uint8_t mac[6])
{
    unsigned v[6];
    char end;
    if (strlen(s) != 17 || sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3],
                                  &v[4], &v[5], &end) != 6)
        return false;
    for (int i = 0; i < 6; i++) {
        if (s[i * 3 + 2] != (i == 5 ? '\0' : ':'))
            return false;
        mac[i] = (uint8_t)v[i];
    }
    return !(mac[0] & 1);       /* a NIC's own address is never multicast */
}

void net_default_mac(uint8_t mac[6])
{
    static unsigned next;
    static const uint8_t base[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
    memcpy(mac, base, 6);
    mac[5] = (uint8_t)(base[5] + next++);
}

/* ---- -netdev and -nic ---- */

static const NetBackendOps *net_backend_find(const char *type)
{
    for (size_t i = 0; i < ARRAY_SIZE(net_backends); i++)
        if (!strcmp(net_backends[i]->type, type))
            return net_backends[i];
    return NULL;
}

static NetClient *net_create(Opts *o, const char *id)
{
    const char *type = opts_get(o, "type");
    if (!type || !*type)
        trix_fatal("%s: no network backend type (e.g. -netdev user,id=n0)", o->what);
    const NetBackendOps *ops = net_backend_find(type);
    if (!ops)
        trix_fatal("%s: network backend '%s' is not supported (accepted: user)", o->what, type);
    if (!id || !*id)
        trix_fatal("%s: parameter 'id' is missing", o->what);
    if (net_client_find(id))
        trix_fatal("%s: duplicate ID '%s' for netdev", o->what, id);
    NetClient *nc = trix_malloc0(sizeof(*nc));
    nc->id = trix_strdup(id);
    nc->ops = ops;
    ops->create(nc, o);
    NetClient **p = &net_clients;
    while (*p)
        p = &(*p)->next;
    *p = nc;
    return nc;
}

static void net_add_device(MachineState *ms, const char *spec, const char *what)
{
    if (ms->ndevice >= MACHINE_MAX_OPTS)
        trix_fatal("%s: too many devices (at most %d)", what, MACHINE_MAX_OPTS);
    ms->device[ms->ndevice++] = trix_strdup(spec);
}

/* -nic TYPE[,model=M][,mac=A][,backend options]: a backend plus a NIC, as in QEMU. The
 * default model is the board's PCI NIC when it has one, else the virtio-mmio one. */
static void net_nic(MachineState *ms, const char *spec, int index)
{
    Opts *o = opts_parse("-nic", spec, "type");
    const char *type = opts_get(o, "type");
    if (type && !strcmp(type, "none")) {
        opts_finish(o);
        opts_free(o);
        return;
    }
    const char *model = opts_get(o, "model"), *mac = opts_get(o, "mac");
    if (!model)
        model = device_type_find(ms->target, "virtio-net-pci") ? "virtio-net-pci"
                                                                : "virtio-net-device";
    if (!device_type_find(ms->target, model))
        trix_fatal("%s: unsupported NIC model '%s' (accepted: virtio-net-device, "
                   "virtio-net-pci)", o->what, model);
    char id[32];
    const char *given = opts_get(o, "id");
    snprintf(id, sizeof(id), "__nic%d", index);
    NetClient *nc = net_create(o, given ? given : id);
    opts_finish(o);
    char dev[256];
    snprintf(dev, sizeof(dev), "%s,netdev=%s%s%s", model, nc->id, mac ? ",mac=" : "",
             mac ? mac : "");
    net_add_device(ms, dev, o->what);
    opts_free(o);
}

void net_init(MachineState *ms)
{
    for (int i = 0; i < ms->nnetdev; i++) {
        Opts *o = opts_parse("-netdev", ms->netdev[i], "type");
        net_create(o, opts_get(o, "id"));
        opts_finish(o);
        opts_free(o);
    }
    for (int i = 0; i < ms->nnic; i++)
        net_nic(ms, ms->nic[i], i);
}

void net_check_peers(void)
{
    for (NetClient *nc = net_clients; nc; nc = nc->next)
        if (!nc->has_fe)
            fprintf(stderr, "%s: warning: netdev %s has no peer\n", trix_progname, nc->id);
}
