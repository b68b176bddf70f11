/* virtio-rng: fills the driver's buffers with host entropy (getrandom) from the I/O thread. */
#include <errno.h>
#include <sys/random.h>
#include "hw/virtio/virtio_blk.h"
#include "src/system_int.h"

typedef struct VirtIORNG {
    VirtIODevice vdev;
    bool scheduled;                     /* an I/O-thread fill is pending */
} VirtIORNG;

/* Bytes filled per request at most: a huge guest buffer must not hold hw_lock for long. */
#define RNG_MAX_FILL 65536

/* Fill the first bytes of e's writable buffers; returns how many (at most RNG_MAX_FILL). */
static uint32_t rng_fill(VirtQueueElement *e)
{
    size_t done = 0;
    for (unsigned i = 0; i < e->in_num && done < RNG_MAX_FILL; i++) {
        uint8_t *p = e->in_sg[i].iov_base;
        size_t left = e->in_sg[i].iov_len;
        if (left > RNG_MAX_FILL - done)
            left = RNG_MAX_FILL - done;
        done += left;
        while (left) {
            ssize_t r = getrandom(p, left, 0);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0)
                trix_fatal_errno("virtio-rng: getrandom");
            p += r;
            left -= r;
        }
    }
    return (uint32_t)done;
}

static gboolean rng_serve(gpointer opaque)
{
    VirtIORNG *s = opaque;
    hw_lock();
    s->scheduled = false;
    VirtQueue *vq = &s->vdev.vq[0];
    VirtQueueElement *e;
    bool any = false;
    while ((e = virtqueue_pop(vq))) {
        virtqueue_push(vq, e, rng_fill(e));
        virtqueue_elem_free(e);
        any = true;
    }
    if (any)
        virtio_notify(vq);
    hw_unlock();
    return G_SOURCE_REMOVE;
}

static void rng_handle(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIORNG *s = vdev->opaque;
    if (!s->scheduled) {
        s->scheduled = true;
        iothread_call(rng_serve, s);
    }
}

static const VirtIODeviceOps rng_ops = {
    .name = "virtio-rng",
    .device_id = VIRTIO_ID_RNG,
};

VirtIODevice *virtio_rng_new(void)
{
    VirtIORNG *s = trix_malloc0(sizeof(*s));
    virtio_init(&s->vdev, &rng_ops, s, 0);
    virtio_add_queue(&s->vdev, 64, rng_handle);
    return &s->vdev;
}
