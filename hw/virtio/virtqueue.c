/* Split virtqueues: ring setup, descriptor-chain parsing with bounds checks, used ring, event index. */
#include <stdlib.h>
#include <string.h>
#include "hw/virtio/virtio.h"

/*
 * Every guest-provided address goes through mem_ram_ptr() (inside one RAM region or refused).
 * Ring fields are read with atomic loads of naturally aligned little-endian values (the host
 * is little-endian; alignment is checked when the queue is enabled). A chain is walked with a
 * step bound equal to its table's size, so a loop ends as an error, never a hang.
 */

enum { VRING_DESC_F_NEXT = 1, VRING_DESC_F_WRITE = 2, VRING_DESC_F_INDIRECT = 4 };
enum { VRING_USED_F_NO_NOTIFY = 1, VRING_AVAIL_F_NO_INTERRUPT = 1 };

typedef struct VRingDesc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
} VRingDesc;

/* Host pointer for guest [gpa, gpa+len) in RAM (writable RAM when the device writes). */
static void *dma_ptr(uint64_t gpa, uint64_t len, bool write)
{
    void *p = mem_ram_ptr(gpa, len);
    if (p && write && mem_find(gpa)->readonly)
        return NULL;
    return p;
}

static inline uint16_t ld16(const uint8_t *p)
{
    return __atomic_load_n((const uint16_t *)p, __ATOMIC_ACQUIRE);
}

static inline void st16(uint8_t *p, uint16_t v)
{
    __atomic_store_n((uint16_t *)p, v, __ATOMIC_RELEASE);
}

static bool event_idx(VirtQueue *vq)
{
    return virtio_has_feature(vq->vdev, VIRTIO_F_RING_EVENT_IDX);
}

/* avail: flags, idx, ring[num], used_event.  used: flags, idx, ring[num] {id, len}, avail_event */
static uint16_t avail_idx(VirtQueue *vq) { return ld16(vq->avail_host + 2); }
static uint16_t avail_flags(VirtQueue *vq) { return ld16(vq->avail_host); }
static uint16_t avail_ring(VirtQueue *vq, unsigned i) { return ld16(vq->avail_host + 4 + 2 * i); }
static uint16_t used_event(VirtQueue *vq) { return ld16(vq->avail_host + 4 + 2 * vq->num); }
static void set_avail_event(VirtQueue *vq, uint16_t v) { st16(vq->used_host + 4 + 8 * vq->num, v); }

static bool ring_map(VirtQueue *vq, uint64_t gpa, uint64_t len, unsigned align, uint8_t **host,
                     const char *what)
{
    *host = (gpa & (align - 1)) ? NULL : dma_ptr(gpa, len, align == 4);
    if (!*host)
        virtio_error(vq->vdev, "queue %d: %s ring at %#llx (+%llu) misaligned or outside RAM",
                     vq->index, what, (unsigned long long)gpa, (unsigned long long)len);
    return *host != NULL;
}

void virtio_queue_enable(VirtIODevice *vdev, unsigned n)
{
    VirtQueue *vq = virtio_queue_get(vdev, n, "enable");
    if (!vq)
        return;
    unsigned num = vq->num;
    if (!num || num > vq->num_max || (num & (num - 1))) {
        virtio_error(vdev, "queue %u: size %u (max %u, power of 2)", n, num, vq->num_max);
        return;
    }
    if (!ring_map(vq, vq->desc, 16ull * num, 16, &vq->desc_host, "descriptor") ||
        !ring_map(vq, vq->avail, 6 + 2ull * num, 2, &vq->avail_host, "driver") ||
        !ring_map(vq, vq->used, 6 + 8ull * num, 4, &vq->used_host, "device"))
        return;
    vq->ready = true;
}

bool virtqueue_has_avail(VirtQueue *vq)
{
    return vq->ready && !vq->vdev->broken && avail_idx(vq) != vq->last_avail_idx;
}

/* The walk's state: the current table (ring or indirect) and the segments gathered. */
typedef struct ChainWalk {
    const uint8_t *table;
    unsigned table_num, steps;
    bool indirect, seen_write;
    unsigned nseg, nout;
    struct iovec seg[VIRTQUEUE_MAX_SG];
    bool write[VIRTQUEUE_MAX_SG];
} ChainWalk;

static VRingDesc desc_load(const uint8_t *table, unsigned i)
{
    VRingDesc d;
    memcpy(&d, table + 16 * (size_t)i, sizeof(d));
    return d;
}

static bool chain_indirect(VirtQueue *vq, ChainWalk *w, const VRingDesc *d)
{
    VirtIODevice *vdev = vq->vdev;
    if (!virtio_has_feature(vdev, VIRTIO_F_RING_INDIRECT_DESC) || w->indirect ||
        (d->flags & VRING_DESC_F_NEXT)) {
        virtio_error(vdev, "queue %d: indirect descriptor not allowed here (flags %#x)",
                     vq->index, d->flags);
        return false;
    }
    if (!d->len || d->len % 16 || d->len / 16 > VIRTQUEUE_MAX_SG) {
        virtio_error(vdev, "queue %d: indirect table of %u bytes", vq->index, d->len);
        return false;
    }
    w->table = dma_ptr(d->addr, d->len, false);
    if (!w->table || (d->addr & 15)) {
        virtio_error(vdev, "queue %d: indirect table at %#llx (+%u) outside RAM", vq->index,
                     (unsigned long long)d->addr, d->len);
        return false;
    }
    w->table_num = d->len / 16;
    w->steps = 0;
    w->indirect = true;
    return true;
}

static bool chain_segment(VirtQueue *vq, ChainWalk *w, const VRingDesc *d)
{
    bool wr = d->flags & VRING_DESC_F_WRITE;
    if (!wr && w->seen_write) {
        virtio_error(vq->vdev, "queue %d: device-readable descriptor after a writable one",
                     vq->index);
        return false;
    }
    w->seen_write |= wr;
    if (!d->len)
        return true;
    void *p = dma_ptr(d->addr, d->len, wr);
    if (!p || w->nseg >= VIRTQUEUE_MAX_SG) {
        virtio_error(vq->vdev, "queue %d: buffer %#llx (+%u) outside RAM or chain too long",
                     vq->index, (unsigned long long)d->addr, d->len);
        return false;
    }
    w->seg[w->nseg] = (struct iovec){ p, d->len };
    w->write[w->nseg++] = wr;
    w->nout += !wr;
    return true;
}

/* Walk the chain starting at `head`; false after virtio_error. */
static bool chain_walk(VirtQueue *vq, ChainWalk *w, unsigned head)
{
    unsigned i = head;
    w->table = vq->desc_host;
    w->table_num = vq->num;
    for (;;) {
        if (i >= w->table_num || ++w->steps > w->table_num) {
            virtio_error(vq->vdev, "queue %d: descriptor %u out of range or chain loops",
                         vq->index, i);
            return false;
        }
        VRingDesc d = desc_load(w->table, i);
        if (d.flags & VRING_DESC_F_INDIRECT) {
            if (!chain_indirect(vq, w, &d))
                return false;
            i = 0;
            continue;
        }
        if (!chain_segment(vq, w, &d))
            return false;
        if (!(d.flags & VRING_DESC_F_NEXT))
            return true;
        i = d.next;
    }
}

static VirtQueueElement *elem_build(const ChainWalk *w, unsigned head, unsigned generation)
{
    VirtQueueElement *e = trix_malloc0(sizeof(*e) + w->nseg * sizeof(struct iovec));
    e->index = head;
    e->generation = generation;
    e->out_sg = e->sg;
    e->in_sg = e->sg + w->nout;
    for (unsigned k = 0; k < w->nseg; k++) {
        if (w->write[k]) {
            e->in_sg[e->in_num++] = w->seg[k];
            e->in_len += w->seg[k].iov_len;
        } else {
            e->out_sg[e->out_num++] = w->seg[k];
            e->out_len += w->seg[k].iov_len;
        }
    }
    return e;
}

VirtQueueElement *virtqueue_pop(VirtQueue *vq)
{
    VirtIODevice *vdev = vq->vdev;
    if (!vq->ready || vdev->broken)
        return NULL;
    uint16_t idx = avail_idx(vq);
    if ((uint16_t)(idx - vq->last_avail_idx) > vq->num) {
        virtio_error(vdev, "queue %d: available index moved from %u to %u (size %u)",
                     vq->index, vq->last_avail_idx, idx, vq->num);
        return NULL;
    }
    if (idx == vq->last_avail_idx)
        return NULL;
    unsigned head = avail_ring(vq, vq->last_avail_idx & (vq->num - 1));
    ChainWalk *w = malloc(sizeof(*w));
    if (!w)
        trix_fatal("out of memory");
    w->steps = w->nseg = w->nout = 0;
    w->indirect = w->seen_write = false;
    VirtQueueElement *e = NULL;
    if (chain_walk(vq, w, head)) {
        e = elem_build(w, head, vdev->generation);
        vq->last_avail_idx++;
        vq->inflight++;
        if (event_idx(vq) && vq->notification)
            set_avail_event(vq, vq->last_avail_idx);
    }
    free(w);
    return e;
}

void virtqueue_unpop(VirtQueue *vq, VirtQueueElement *elem)
{
    if (elem->generation == vq->vdev->generation) {
        vq->last_avail_idx--;
        vq->inflight--;
    }
    virtqueue_elem_free(elem);
}

void virtqueue_elem_free(VirtQueueElement *elem)
{
    free(elem);
}

void virtqueue_push(VirtQueue *vq, const VirtQueueElement *elem, uint32_t len)
{
    if (elem->generation != vq->vdev->generation || !vq->ready)
        return;                 /* completed after a reset: the driver forgot it */
    uint8_t *u = vq->used_host + 4 + 8 * (size_t)(vq->used_idx & (vq->num - 1));
    uint32_t ent[2] = { elem->index, len };
    memcpy(u, ent, sizeof(ent));
    vq->used_idx++;
    st16(vq->used_host + 2, vq->used_idx);     /* release: the entry is visible first */
    vq->inflight--;
}

static bool virtio_should_notify(VirtQueue *vq)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);    /* used idx store before the flags load */
    if (!event_idx(vq))
        return !(avail_flags(vq) & VRING_AVAIL_F_NO_INTERRUPT);
    uint16_t old = vq->signalled_used, new = vq->used_idx;
    bool valid = vq->signalled_used_valid;
    vq->signalled_used = new;
    vq->signalled_used_valid = true;
    return !valid || (uint16_t)(new - used_event(vq) - 1) < (uint16_t)(new - old);
}

void virtio_notify(VirtQueue *vq)
{
    VirtIODevice *vdev = vq->vdev;
    if (!vq->ready || !virtio_should_notify(vq))
        return;
    vdev->isr |= 1;
    if (vdev->transport)
        vdev->transport->notify(vdev, vq->index);
}

void virtio_queue_set_notification(VirtQueue *vq, bool enable)
{
    vq->notification = enable;
    if (!vq->ready)
        return;
    if (event_idx(vq)) {
        if (enable)
            set_avail_event(vq, avail_idx(vq));
    } else {
        uint16_t f = ld16(vq->used_host);
        st16(vq->used_host, enable ? f & ~VRING_USED_F_NO_NOTIFY : f | VRING_USED_F_NO_NOTIFY);
    }
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}
