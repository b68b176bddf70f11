/* virtio-net (modern): rx/tx queues joined to a -netdev backend, MAC, link status, mergeable rx buffers, checksum offload. */
/*
 * Transmit runs off the vCPU thread: a kick on the tx queue turns kicks off and schedules a
 * drain on the I/O thread, which hands every frame to the backend and turns kicks back on.
 * Receive is driven by the backend (under the device lock): each frame is written into one
 * rx chain, or with VIRTIO_NET_F_MRG_RXBUF spread over as many chains as it needs
 * (num_buffers in the first header). When the guest has no buffers the frame stays in the
 * NetClient queue and is offered again when the guest kicks the rx queue.
 *
 * Offloads: with VIRTIO_NET_F_CSUM the driver may leave a TCP/UDP checksum to the device
 * (flags NEEDS_CSUM, csum_start, csum_offset); it is computed here before the frame leaves.
 * With VIRTIO_NET_F_GUEST_CSUM received frames are marked DATA_VALID: the backend (slirp)
 * builds every frame it sends itself, with correct checksums. No segmentation offload is
 * offered, so a frame with a gso_type is a driver bug (logged, dropped).
 */
#include <stdlib.h>
#include <string.h>
#include "trix/devtype.h"
#include "trix/net.h"
#include "hw/virtio/virtio.h"
#include "hw/virtio/virtio_net.h"
#include "src/system_int.h"

#define VIRTIO_NET_F_CSUM        0
#define VIRTIO_NET_F_GUEST_CSUM  1
#define VIRTIO_NET_F_MAC         5
#define VIRTIO_NET_F_MRG_RXBUF   15
#define VIRTIO_NET_F_STATUS      16

#define VIRTIO_NET_S_LINK_UP     1
#define VIRTIO_NET_HDR_F_NEEDS_CSUM 1
#define VIRTIO_NET_HDR_F_DATA_VALID 2
#define VIRTIO_NET_HDR_GSO_NONE  0

#define NET_HDR_LEN    12           /* struct virtio_net_hdr_v1 (num_buffers always there) */
#define NET_FRAME_MAX  65550        /* a 64 KiB IP packet plus the Ethernet header */
#define NET_QUEUE_SIZE 256
#define NET_CONFIG_LEN 8            /* mac[6], status */
#define NET_TX_BATCH   256          /* frames per drain before yielding the I/O thread */

typedef struct VirtIONet {
    VirtIODevice vdev;
    NetClient *nc;                  /* NULL: no -netdev (frames go nowhere) */
    uint8_t mac[6];
    bool tx_scheduled;
    IOThreadBH *tx_bh;              /* runs net_tx_drain on the I/O thread */
    uint64_t rx_not_ready;          /* frames dropped while the driver was not running */
    uint64_t tx_dropped;            /* malformed frames from the driver */
    uint8_t frame[NET_HDR_LEN + NET_FRAME_MAX];
} VirtIONet;

static uint16_t ld16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static void st16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }

static bool net_running(VirtIONet *n)
{
    return (n->vdev.status & VIRTIO_STATUS_DRIVER_OK) && !n->vdev.broken;
}

/* ---- receive ---- */

static void net_rx_header(VirtIONet *n, uint8_t *hdr, unsigned nbuf)
{
    memset(hdr, 0, NET_HDR_LEN);
    if (virtio_has_feature(&n->vdev, VIRTIO_NET_F_GUEST_CSUM))
        hdr[0] = VIRTIO_NET_HDR_F_DATA_VALID;
    st16(hdr + 10, (uint16_t)nbuf);
}

/* Pop chains until `need` bytes fit (just one without MRG_RXBUF); false, with all of them
 * given back, when the ring runs dry first. */
static int net_rx_pop(VirtIONet *n, VirtQueue *vq, size_t need, VirtQueueElement **el, int max)
{
    bool merge = virtio_has_feature(&n->vdev, VIRTIO_NET_F_MRG_RXBUF);
    size_t room = 0;
    int k = 0;
    while (room < need && k < max) {
        VirtQueueElement *e = virtqueue_pop(vq);
        if (!e)
            break;
        if (e->in_len < (k ? 1 : NET_HDR_LEN)) {
            virtio_error(&n->vdev, "virtio-net: rx buffer of %zu bytes", e->in_len);
            virtqueue_elem_free(e);
            break;
        }
        el[k++] = e;
        room += e->in_len;
        if (!merge)
            break;
    }
    if (room >= need)
        return k;
    while (k > 0)
        virtqueue_unpop(vq, el[--k]);
    return 0;
}

static bool net_receive(void *opaque, const uint8_t *buf, size_t len)
{
    VirtIONet *n = opaque;
    VirtQueue *vq = &n->vdev.vq[0];
    if (!net_running(n) || !vq->ready) {
        n->rx_not_ready++;      /* like a link nobody listens on */
        return true;
    }
    VirtQueueElement *el[64];
    int k = net_rx_pop(n, vq, NET_HDR_LEN + len, el, (int)ARRAY_SIZE(el));
    if (!k && !n->vdev.broken) {
        virtio_queue_set_notification(vq, true);    /* then look again: closes the race */
        k = net_rx_pop(n, vq, NET_HDR_LEN + len, el, (int)ARRAY_SIZE(el));
    }
    if (!k) {
        if (n->vdev.broken)
            return true;
        if (!virtio_has_feature(&n->vdev, VIRTIO_NET_F_MRG_RXBUF) && virtqueue_has_avail(vq)) {
            log_mask(LOG_GUEST_ERROR, "virtio-net: rx buffer too small for a %zu-byte frame; "
                     "dropped\n", len);
            n->rx_not_ready++;
            return true;
        }
        return false;
    }
    uint8_t hdr[NET_HDR_LEN];
    net_rx_header(n, hdr, (unsigned)k);
    size_t pos = 0, total = NET_HDR_LEN + len;    /* position in header + frame */
    for (int i = 0; i < k; i++) {
        VirtQueueElement *e = el[i];
        size_t put = e->in_len < total - pos ? e->in_len : total - pos, w = 0;
        if (pos < NET_HDR_LEN)      /* only the first chain: it holds at least the header */
            w = iov_from_buf(e->in_sg, e->in_num, 0, hdr + pos, NET_HDR_LEN - pos);
        iov_from_buf(e->in_sg, e->in_num, w, buf + (pos + w - NET_HDR_LEN), put - w);
        pos += put;
        virtqueue_push(vq, e, (uint32_t)put);
        virtqueue_elem_free(e);
    }
    virtio_notify(vq);
    return true;
}

static void net_rx_kick(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIONet *n = vdev->opaque;
    net_client_flush(n->nc);
}

/* ---- transmit ---- */

/* RFC 1071 ones'-complement sum of [start, end) stored at start + offset. */
static bool net_fill_csum(uint8_t *f, size_t len, unsigned start, unsigned offset)
{
    if (start >= len || offset + 2 > len - start)
        return false;
    uint32_t sum = 0;
    for (size_t i = start; i + 1 < len; i += 2)
        sum += (uint32_t)(f[i] << 8 | f[i + 1]);
    if ((len - start) & 1)
        sum += (uint32_t)f[len - 1] << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    uint16_t c = (uint16_t)~sum;
    f[start + offset] = (uint8_t)(c >> 8);
    f[start + offset + 1] = (uint8_t)c;
    return true;
}

static void net_tx_one(VirtIONet *n, VirtQueueElement *e)
{
    size_t len = iov_to_buf(e->out_sg, e->out_num, 0, n->frame, sizeof(n->frame));
    const uint8_t *h = n->frame;
    uint8_t *f = n->frame + NET_HDR_LEN;
    if (len < NET_HDR_LEN + 14 || e->out_len > sizeof(n->frame)) {
        log_mask(LOG_GUEST_ERROR, "virtio-net: tx frame of %zu bytes dropped\n", e->out_len);
        n->tx_dropped++;
        return;
    }
    len -= NET_HDR_LEN;
    if (h[1] != VIRTIO_NET_HDR_GSO_NONE) {
        log_mask(LOG_GUEST_ERROR, "virtio-net: gso_type %u without a GSO feature; dropped\n",
                 h[1]);
        n->tx_dropped++;
        return;
    }
    if ((h[0] & VIRTIO_NET_HDR_F_NEEDS_CSUM) && virtio_has_feature(&n->vdev, VIRTIO_NET_F_CSUM) &&
        !net_fill_csum(f, len, ld16(h + 6), ld16(h + 8))) {
        log_mask(LOG_GUEST_ERROR, "virtio-net: csum_start %u csum_offset %u outside a %zu-byte "
                 "frame; dropped\n", ld16(h + 6), ld16(h + 8), len);
        n->tx_dropped++;
        return;
    }
    if (n->nc)
        net_client_send(n->nc, f, len);
}

static void net_tx_drain(void *opaque)
{
    VirtIONet *n = opaque;
    VirtQueue *vq = &n->vdev.vq[1];
    hw_lock();
    n->tx_scheduled = false;
    int done = 0;
    VirtQueueElement *e;
    while (net_running(n) && done < NET_TX_BATCH && (e = virtqueue_pop(vq))) {
        net_tx_one(n, e);
        virtqueue_push(vq, e, 0);
        virtqueue_elem_free(e);
        done++;
    }
    if (done)
        virtio_notify(vq);
    virtio_queue_set_notification(vq, true);
    if (net_running(n) && virtqueue_has_avail(vq)) {     /* more, or raced with a kick */
        virtio_queue_set_notification(vq, false);
        n->tx_scheduled = true;
        iothread_bh_schedule(n->tx_bh);
    }
    hw_unlock();
}

static void net_tx_kick(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIONet *n = vdev->opaque;
    if (n->tx_scheduled)
        return;
    virtio_queue_set_notification(vq, false);
    n->tx_scheduled = true;
    iothread_bh_schedule(n->tx_bh);
}

/* ---- device ---- */

static void net_set_status(VirtIODevice *vdev, uint8_t status)
{
    VirtIONet *n = vdev->opaque;
    if (status & VIRTIO_STATUS_DRIVER_OK)
        net_client_flush(n->nc);
}

static const VirtIODeviceOps net_ops = {
    .name = "virtio-net",
    .device_id = VIRTIO_ID_NET,
    .features = VIRTIO_BIT(VIRTIO_NET_F_CSUM) | VIRTIO_BIT(VIRTIO_NET_F_GUEST_CSUM) |
                VIRTIO_BIT(VIRTIO_NET_F_MAC) | VIRTIO_BIT(VIRTIO_NET_F_MRG_RXBUF) |
                VIRTIO_BIT(VIRTIO_NET_F_STATUS),
    .set_status = net_set_status,
};

VirtIODevice *virtio_net_new(NetClient *nc, const uint8_t mac[6], const char *name)
{
    VirtIONet *n = trix_malloc0(sizeof(*n));
    virtio_init(&n->vdev, &net_ops, n, NET_CONFIG_LEN);
    virtio_add_queue(&n->vdev, NET_QUEUE_SIZE, net_rx_kick);
    virtio_add_queue(&n->vdev, NET_QUEUE_SIZE, net_tx_kick);
    memcpy(n->mac, mac, 6);
    memcpy(n->vdev.config, mac, 6);
    st16(n->vdev.config + 6, VIRTIO_NET_S_LINK_UP);
    n->nc = nc;
    n->tx_bh = iothread_bh_new(net_tx_drain, n);
    if (nc) {
        NetFrontend fe = { net_receive, n, name };
        net_client_attach(nc, &fe, name);
    }
    return &n->vdev;
}

/* ---- -device virtio-net-device / virtio-net-pci ---- */

static void net_create(Opts *o, bool pci)
{
    const char *id = opts_get(o, "netdev"), *mac_s = opts_get(o, "mac");
    NetClient *nc = NULL;
    if (pci)
        opts_get(o, "romfile");     /* no option ROMs: "romfile=" is what QEMU users pass */
    if (id && !(nc = net_client_find(id)))
        trix_fatal("%s: netdev '%s' not found (-netdev user,id=%s)", o->what, id, id);
    uint8_t mac[6];
    if (mac_s && !net_parse_mac(mac_s, mac))
        trix_fatal("%s: mac=%s: expected a unicast address like 52:54:00:12:34:56", o->what,
                   mac_s);
    if (!mac_s)
        net_default_mac(mac);
    if (!nc)
        fprintf(stderr, "%s: warning: %s has no peer (no netdev=)\n", trix_progname,
                pci ? "virtio-net-pci" : "virtio-net-device");
    VirtIODevice *vdev = virtio_net_new(nc, mac, pci ? "virtio-net-pci" : "virtio-net-device");
    if (pci)
        virtio_pci_plug(vdev);
    else
        virtio_mmio_plug(vdev);
}

static void net_mmio_create(MachineState *ms, Opts *o) { net_create(o, false); }
static void net_pci_create(MachineState *ms, Opts *o) { net_create(o, true); }

static const DevProp net_props[] = {
    { "netdev", "str", "the -netdev id=X backend" },
    { "mac", "mac", "MAC address (default 52:54:00:12:34:56, then :57, ...)" },
    { NULL },
};
static const DevProp net_pci_props[] = {
    { "netdev", "str", "the -netdev id=X backend" },
    { "mac", "mac", "MAC address (default 52:54:00:12:34:56, then :57, ...)" },
    { "romfile", "str", "accepted and ignored (trix loads no option ROMs)" },
    { NULL },
};

const DeviceType devtype_virtio_net_device = {
    "virtio-net-device", "virtio-mmio", "Virtio network device", net_props, NULL,
    net_mmio_create,
};
const DeviceType devtype_virtio_net_pci = {
    "virtio-net-pci", "PCI", "Virtio network device", net_pci_props, NULL, net_pci_create,
};
