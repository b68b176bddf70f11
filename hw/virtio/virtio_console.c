/* virtio-console with one console port (no MULTIPORT): hvc0 in the guest, a chardev on the host. */
#include <string.h>
#include "hw/virtio/virtio_blk.h"

enum { CONSOLE_RX = 0, CONSOLE_TX = 1, CONSOLE_QUEUE_SIZE = 128 };
#define CONSOLE_TX_CHUNK 4096

typedef struct VirtIOConsole {
    VirtIODevice vdev;
    CharBackend *chr;
    VirtQueueElement *rx;               /* the receive buffer being filled, or NULL */
    size_t rx_off;
} VirtIOConsole;

static void console_tx(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOConsole *s = vdev->opaque;
    VirtQueueElement *e;
    bool any = false;
    while ((e = virtqueue_pop(vq))) {
        uint8_t buf[CONSOLE_TX_CHUNK];
        for (size_t off = 0; s->chr && off < e->out_len; off += sizeof(buf)) {
            size_t k = iov_to_buf(e->out_sg, e->out_num, off, buf, sizeof(buf));
            chr_write(s->chr, buf, (int)k);
        }
        virtqueue_push(vq, e, 0);
        virtqueue_elem_free(e);
        any = true;
    }
    if (any)
        virtio_notify(vq);
}

/* Finish the current receive buffer: hand it to the driver. */
static void console_rx_flush(VirtIOConsole *s)
{
    if (!s->rx)
        return;
    VirtQueue *vq = &s->vdev.vq[CONSOLE_RX];
    virtqueue_push(vq, s->rx, (uint32_t)s->rx_off);
    virtqueue_elem_free(s->rx);
    s->rx = NULL;
    virtio_notify(vq);
}

static int console_can_receive(void *opaque)
{
    VirtIOConsole *s = opaque;
    if (!(s->vdev.status & VIRTIO_STATUS_DRIVER_OK))
        return 0;
    if (!s->rx) {
        s->rx = virtqueue_pop(&s->vdev.vq[CONSOLE_RX]);
        s->rx_off = 0;
        if (s->rx && !s->rx->in_len) {
            console_rx_flush(s);
            return 0;
        }
    }
    return s->rx ? (int)(s->rx->in_len - s->rx_off) : 0;
}

static void console_receive(void *opaque, const uint8_t *buf, int len)
{
    VirtIOConsole *s = opaque;
    while (len > 0 && console_can_receive(s) > 0) {
        size_t k = iov_from_buf(s->rx->in_sg, s->rx->in_num, s->rx_off, buf, len);
        s->rx_off += k;
        buf += k;
        len -= (int)k;
        console_rx_flush(s);
    }
}

static void console_rx_kick(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOConsole *s = vdev->opaque;
    if (s->chr)
        chr_poll_input(s->chr);
}

static void console_set_status(VirtIODevice *vdev, uint8_t status)
{
    console_rx_kick(vdev, NULL);
}

static void console_reset(VirtIODevice *vdev)
{
    VirtIOConsole *s = vdev->opaque;
    if (s->rx)
        virtqueue_elem_free(s->rx);
    s->rx = NULL;
}

static const VirtIODeviceOps console_ops = {
    .name = "virtio-serial",
    .device_id = VIRTIO_ID_CONSOLE,
    .set_status = console_set_status,
    .reset = console_reset,
};

VirtIODevice *virtio_console_new(void)
{
    VirtIOConsole *s = trix_malloc0(sizeof(*s));
    virtio_init(&s->vdev, &console_ops, s, 12);     /* cols, rows, max_nr_ports, emerg_wr */
    virtio_add_queue(&s->vdev, CONSOLE_QUEUE_SIZE, console_rx_kick);
    virtio_add_queue(&s->vdev, CONSOLE_QUEUE_SIZE, console_tx);
    return &s->vdev;
}

void virtio_console_bind(VirtIODevice *vdev, CharBackend *chr)
{
    VirtIOConsole *s = vdev->opaque;
    if (s->chr)
        trix_fatal("-device virtconsole: the virtio-serial device has a console port already");
    s->chr = chr;
    CharFrontend fe = { console_can_receive, console_receive, s };
    chr_attach(chr, &fe);
}
