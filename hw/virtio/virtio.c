/* The virtio core: device status, feature negotiation, config space, reset and error state. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "hw/virtio/virtio.h"

/* Feature bits the core itself implements for every device. */
#define VIRTIO_CORE_FEATURES (VIRTIO_BIT(VIRTIO_F_VERSION_1) | \
                              VIRTIO_BIT(VIRTIO_F_RING_INDIRECT_DESC) | \
                              VIRTIO_BIT(VIRTIO_F_RING_EVENT_IDX))

static void virtio_queue_clear(VirtQueue *vq)
{
    vq->num = vq->num_max;
    vq->ready = false;
    vq->desc = vq->avail = vq->used = 0;
    vq->desc_host = vq->avail_host = vq->used_host = NULL;
    vq->vector = 0xffff;
    vq->last_avail_idx = vq->used_idx = vq->signalled_used = 0;
    vq->signalled_used_valid = false;
    vq->notification = true;
    vq->inflight = 0;
}

void virtio_init(VirtIODevice *vdev, const VirtIODeviceOps *ops, void *opaque,
                 uint32_t config_len)
{
    memset(vdev, 0, sizeof(*vdev));
    vdev->ops = ops;
    vdev->opaque = opaque;
    vdev->host_features = ops->features | VIRTIO_CORE_FEATURES;
    vdev->config_len = config_len;
    vdev->config = trix_malloc0(config_len ? config_len : 1);
}

VirtQueue *virtio_add_queue(VirtIODevice *vdev, uint16_t num_max,
                            void (*handle)(VirtIODevice *vdev, VirtQueue *vq))
{
    ASSERT(vdev->num_queues < VIRTIO_QUEUE_MAX);
    ASSERT(num_max > 0 && num_max <= VIRTQUEUE_MAX_SIZE);
    VirtQueue *vq = &vdev->vq[vdev->num_queues];
    vq->vdev = vdev;
    vq->index = vdev->num_queues++;
    vq->num_max = num_max;
    vq->handle = handle;
    virtio_queue_clear(vq);
    return vq;
}

bool virtio_has_feature(const VirtIODevice *vdev, unsigned bit)
{
    return bit < 64 && (vdev->guest_features & VIRTIO_BIT(bit));
}

void virtio_bind_transport(VirtIODevice *vdev, const VirtIOTransportOps *t, void *opaque)
{
    vdev->transport = t;
    vdev->transport_opaque = opaque;
}

void virtio_reset(VirtIODevice *vdev)
{
    if (vdev->ops->reset)
        vdev->ops->reset(vdev);
    vdev->generation++;
    vdev->status = 0;
    vdev->isr = 0;
    vdev->guest_features = 0;
    vdev->broken = false;
    for (int i = 0; i < vdev->num_queues; i++)
        virtio_queue_clear(&vdev->vq[i]);
}

/* FEATURES_OK: the accepted set must be offered, modern, and agreeable to the device. */
static bool virtio_features_ok(VirtIODevice *vdev)
{
    uint64_t f = vdev->guest_features;
    if (f & ~vdev->host_features) {
        log_mask(LOG_GUEST_ERROR, "%s: driver accepted unoffered features %#llx\n",
                 vdev->ops->name, (unsigned long long)(f & ~vdev->host_features));
        return false;
    }
    if (!(f & VIRTIO_BIT(VIRTIO_F_VERSION_1))) {
        log_mask(LOG_GUEST_ERROR, "%s: legacy driver (no VERSION_1) refused\n",
                 vdev->ops->name);
        return false;
    }
    return !vdev->ops->set_features || vdev->ops->set_features(vdev, f);
}

void virtio_set_status(VirtIODevice *vdev, uint8_t status)
{
    if (status == 0) {
        virtio_reset(vdev);
        return;
    }
    bool new_fok = (status & VIRTIO_STATUS_FEATURES_OK) &&
                   !(vdev->status & VIRTIO_STATUS_FEATURES_OK);
    if (new_fok && !virtio_features_ok(vdev))
        status &= ~VIRTIO_STATUS_FEATURES_OK;
    vdev->status = status | (vdev->status & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
    if (vdev->ops->set_status)
        vdev->ops->set_status(vdev, vdev->status);
}

uint32_t virtio_get_host_features(VirtIODevice *vdev, unsigned sel)
{
    return sel < 2 ? (uint32_t)(vdev->host_features >> (32 * sel)) : 0;
}

void virtio_set_guest_features(VirtIODevice *vdev, unsigned sel, uint32_t val)
{
    if (vdev->status & VIRTIO_STATUS_FEATURES_OK) {
        log_mask(LOG_GUEST_ERROR, "%s: features written after FEATURES_OK\n", vdev->ops->name);
        return;
    }
    if (sel >= 2) {
        if (val)
            log_mask(LOG_GUEST_ERROR, "%s: feature word %u written\n", vdev->ops->name, sel);
        return;
    }
    uint64_t mask = 0xffffffffull << (32 * sel);
    vdev->guest_features = (vdev->guest_features & ~mask) | ((uint64_t)val << (32 * sel));
}

uint32_t virtio_get_guest_features(VirtIODevice *vdev, unsigned sel)
{
    return sel < 2 ? (uint32_t)(vdev->guest_features >> (32 * sel)) : 0;
}

static bool virtio_config_range(VirtIODevice *vdev, uint32_t offset, unsigned size)
{
    if ((size == 1 || size == 2 || size == 4) && offset <= vdev->config_len &&
        size <= vdev->config_len - offset)
        return true;
    log_mask(LOG_GUEST_ERROR, "%s: config access of %u bytes at %#x outside its %u bytes\n",
             vdev->ops->name, size, offset, vdev->config_len);
    return false;
}

uint32_t virtio_config_read(VirtIODevice *vdev, uint32_t offset, unsigned size)
{
    if (!virtio_config_range(vdev, offset, size))
        return 0;
    if (vdev->ops->config_read)
        vdev->ops->config_read(vdev);
    uint32_t v = 0;
    memcpy(&v, vdev->config + offset, size);       /* little-endian host */
    return v;
}

void virtio_config_write(VirtIODevice *vdev, uint32_t offset, unsigned size, uint32_t val)
{
    if (!virtio_config_range(vdev, offset, size))
        return;
    if (!vdev->ops->config_write) {
        log_mask(LOG_GUEST_ERROR, "%s: write to read-only config at %#x\n",
                 vdev->ops->name, offset);
        return;
    }
    memcpy(vdev->config + offset, &val, size);
    vdev->ops->config_write(vdev, offset, size);
}

static void virtio_raise_config(VirtIODevice *vdev)
{
    vdev->isr |= 2;
    if (vdev->transport)
        vdev->transport->notify(vdev, VIRTIO_NOTIFY_CONFIG);
}

void virtio_notify_config(VirtIODevice *vdev)
{
    vdev->config_generation++;
    if (vdev->status & VIRTIO_STATUS_DRIVER_OK)
        virtio_raise_config(vdev);
}

void virtio_error(VirtIODevice *vdev, const char *fmt, ...)
{
    if (log_enabled(LOG_GUEST_ERROR)) {
        char msg[256];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        log_printf("%s: %s: device needs reset\n", vdev->ops->name, msg);
    }
    if (vdev->broken)
        return;
    vdev->broken = true;
    vdev->status |= VIRTIO_STATUS_DEVICE_NEEDS_RESET;
    if (vdev->status & VIRTIO_STATUS_DRIVER_OK)
        virtio_raise_config(vdev);
}

VirtQueue *virtio_queue_get(VirtIODevice *vdev, unsigned n, const char *what)
{
    if (n < (unsigned)vdev->num_queues)
        return &vdev->vq[n];
    log_mask(LOG_GUEST_ERROR, "%s: %s of queue %u (has %d)\n", vdev->ops->name, what, n,
             vdev->num_queues);
    return NULL;
}

void virtio_queue_notify(VirtIODevice *vdev, unsigned n)
{
    VirtQueue *vq = virtio_queue_get(vdev, n, "notify");
    if (vq && vq->ready && !vdev->broken && vq->handle)
        vq->handle(vdev, vq);
}
