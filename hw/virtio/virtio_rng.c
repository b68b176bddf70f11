/* virtio-rng: fills the driver's buffers with host entropy (getrandom) from the I/O thread. */
#include <sys/random.h>
#include "hw/virtio/virtio_blk.h"
#include "src/system_int.h"

typedef struct VirtIORNG {
    VirtIODevice vdev;
    bool scheduled;                     /* an I/O-thread fill is pending */
} VirtIORNG;

static void rng_fill(VirtQueueElement *e)
{
    for (unsigned i = 0; i < e->in_num; i++) {
        uint8_t *p = e->in_sg[i].iov_base;
        size_t left = e->in_sg[i].iov_len;
        while (left) {
            ssize_t r = getrandom(p, left, 0);
            if (r <= 0)
                trix_fatal_errno("virtio-rng: getrandom");
            p += r;
            left -= r;
        }
    }
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
        rng_fill(e);
        virtqueue_push(vq, e, (uint32_t)e->in_len);
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
