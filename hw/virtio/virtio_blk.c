/* virtio-blk: requests parsed from the queue, served by a worker thread through the block layer. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "hw/virtio/virtio_blk.h"
#include "src/block/block.h"

/*
 * The vCPU thread (under hw_lock) only pops chains and queues them; BLK_WORKERS worker threads
 * per device do the I/O without the lock (the iovecs point into RAM, already checked), so
 * several requests are in flight on the host as the guest queued them, then each takes hw_lock
 * to push its completion and notify (virtio_notify applies event-idx suppression; requests
 * complete out of order, which virtio-blk allows: the guest orders flushes itself). A reset
 * (under hw_lock) waits for the I/O in progress and drops the queued requests; completions of
 * popped-before-reset chains are dropped by the core.
 */

enum {
    VIRTIO_BLK_F_SEG_MAX = 2, VIRTIO_BLK_F_RO = 5, VIRTIO_BLK_F_BLK_SIZE = 6,
    VIRTIO_BLK_F_FLUSH = 9, VIRTIO_BLK_F_DISCARD = 13, VIRTIO_BLK_F_WRITE_ZEROES = 14,
};
enum {
    VIRTIO_BLK_T_IN = 0, VIRTIO_BLK_T_OUT = 1, VIRTIO_BLK_T_FLUSH = 4, VIRTIO_BLK_T_GET_ID = 8,
    VIRTIO_BLK_T_DISCARD = 11, VIRTIO_BLK_T_WRITE_ZEROES = 13,
};
enum { VIRTIO_BLK_S_OK = 0, VIRTIO_BLK_S_IOERR = 1, VIRTIO_BLK_S_UNSUPP = 2 };

#define BLK_QUEUE_SIZE   256
#define BLK_SECTOR       512
#define BLK_BOUNCE       (1u << 20)
#define BLK_MAX_DISCARD  (1u << 22)        /* sectors per discard / write-zeroes segment */
#define BLK_ID_BYTES     20
#define BLK_WORKERS      4

/* struct virtio_blk_config offsets (virtio 1.2 section 5.2.4) */
enum {
    CFG_CAPACITY = 0, CFG_SEG_MAX = 12, CFG_BLK_SIZE = 20, CFG_NUM_QUEUES = 34,
    CFG_MAX_DISCARD_SECTORS = 36, CFG_MAX_DISCARD_SEG = 40, CFG_DISCARD_ALIGN = 44,
    CFG_MAX_WZ_SECTORS = 48, CFG_MAX_WZ_SEG = 52, CFG_WZ_MAY_UNMAP = 56, CFG_SIZE = 60,
};

typedef struct BlkReq {
    VirtQueueElement *elem;
    struct BlkReq *next;
} BlkReq;

typedef struct VirtIOBlk {
    VirtIODevice vdev;
    BlockBackend *blk;
    bool ro;
    char id[BLK_ID_BYTES];
    pthread_mutex_t lock;               /* protects head/tail/busy */
    pthread_cond_t cond;
    BlkReq *head, *tail;
    int busy;                           /* requests whose I/O a worker is doing */
} VirtIOBlk;

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }

static uint8_t blk_rw(VirtIOBlk *s, VirtQueueElement *e, uint64_t sector, bool write,
                      uint32_t *written, uint8_t *bounce)
{
    size_t len = write ? e->out_len - 16 : e->in_len - 1;
    uint64_t off = sector * BLK_SECTOR;
    if (sector > INT64_MAX / BLK_SECTOR || (write && s->ro))
        return VIRTIO_BLK_S_IOERR;
    for (size_t done = 0; done < len;) {
        size_t k = len - done < BLK_BOUNCE ? len - done : BLK_BOUNCE;
        int r;
        if (write) {
            iov_to_buf(e->out_sg, e->out_num, 16 + done, bounce, k);
            r = blk_pwrite(s->blk, off + done, bounce, k);
        } else {
            r = blk_pread(s->blk, off + done, bounce, k);
            if (!r)
                iov_from_buf(e->in_sg, e->in_num, done, bounce, k);
        }
        if (r)
            return VIRTIO_BLK_S_IOERR;
        done += k;
    }
    *written = write ? 0 : (uint32_t)len;
    return VIRTIO_BLK_S_OK;
}

/* DISCARD / WRITE_ZEROES: one 16-byte segment {sector, num_sectors, flags} after the header. */
static uint8_t blk_ranges(VirtIOBlk *s, VirtQueueElement *e, bool zeroes)
{
    if (s->ro)
        return VIRTIO_BLK_S_IOERR;
    if (e->out_len - 16 != 16)
        return VIRTIO_BLK_S_UNSUPP;         /* we advertise one segment */
    struct { uint64_t sector; uint32_t num, flags; } seg;
    iov_to_buf(e->out_sg, e->out_num, 16, &seg, sizeof(seg));
    if (seg.flags & ~1u || (!zeroes && seg.flags) || seg.num > BLK_MAX_DISCARD)
        return VIRTIO_BLK_S_UNSUPP;
    if (seg.sector > INT64_MAX / BLK_SECTOR)
        return VIRTIO_BLK_S_IOERR;
    uint64_t off = seg.sector * BLK_SECTOR, len = (uint64_t)seg.num * BLK_SECTOR;
    int r = zeroes ? blk_write_zeroes(s->blk, off, len, seg.flags & 1)
                   : blk_discard(s->blk, off, len);
    return r ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK;
}

static uint8_t blk_execute(VirtIOBlk *s, VirtQueueElement *e, uint32_t *written,
                           uint8_t *bounce)
{
    struct { uint32_t type, reserved; uint64_t sector; } hdr;
    iov_to_buf(e->out_sg, e->out_num, 0, &hdr, sizeof(hdr));
    *written = 0;
    switch (hdr.type) {
    case VIRTIO_BLK_T_IN:
    case VIRTIO_BLK_T_OUT:
        return blk_rw(s, e, hdr.sector, hdr.type == VIRTIO_BLK_T_OUT, written,
                      bounce);
    case VIRTIO_BLK_T_FLUSH:
        return blk_flush(s->blk) ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK;
    case VIRTIO_BLK_T_GET_ID:
        *written = (uint32_t)iov_from_buf(e->in_sg, e->in_num, 0, s->id,
                                          e->in_len - 1 < BLK_ID_BYTES ? e->in_len - 1
                                                                       : BLK_ID_BYTES);
        return VIRTIO_BLK_S_OK;
    case VIRTIO_BLK_T_DISCARD:
    case VIRTIO_BLK_T_WRITE_ZEROES:
        return blk_ranges(s, e, hdr.type == VIRTIO_BLK_T_WRITE_ZEROES);
    }
    return VIRTIO_BLK_S_UNSUPP;
}

static void blk_complete(VirtIOBlk *s, VirtQueueElement *e, uint8_t status, uint32_t written)
{
    iov_from_buf(e->in_sg, e->in_num, e->in_len - 1, &status, 1);
    hw_lock();
    VirtQueue *vq = &s->vdev.vq[0];
    virtqueue_push(vq, e, written + 1);
    virtio_notify(vq);
    hw_unlock();
    virtqueue_elem_free(e);
}

static void *blk_worker(void *opaque)
{
    VirtIOBlk *s = opaque;
    void *bounce;                       /* page-aligned: O_DIRECT images take it as it is */
    if (posix_memalign(&bounce, 4096, BLK_BOUNCE))
        trix_fatal("virtio-blk: out of memory for its I/O buffer");
    pthread_mutex_lock(&s->lock);
    for (;;) {
        while (!s->head)
            pthread_cond_wait(&s->cond, &s->lock);
        BlkReq *r = s->head;
        s->head = r->next;
        if (!s->head)
            s->tail = NULL;
        s->busy++;
        pthread_mutex_unlock(&s->lock);
        uint32_t written;
        uint8_t st = blk_execute(s, r->elem, &written, bounce);
        pthread_mutex_lock(&s->lock);
        s->busy--;
        pthread_cond_broadcast(&s->cond);
        pthread_mutex_unlock(&s->lock);
        blk_complete(s, r->elem, st, written);
        free(r);
        pthread_mutex_lock(&s->lock);
    }
    return NULL;
}

static void blk_enqueue(VirtIOBlk *s, VirtQueueElement *e)
{
    BlkReq *r = trix_malloc0(sizeof(*r));
    r->elem = e;
    pthread_mutex_lock(&s->lock);
    if (s->tail)
        s->tail->next = r;
    else
        s->head = r;
    s->tail = r;
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
}

static void blk_handle(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOBlk *s = vdev->opaque;
    VirtQueueElement *e;
    while ((e = virtqueue_pop(vq))) {
        if (e->out_len < 16 || e->in_len < 1) {
            virtio_error(vdev, "request without a header or status byte (%zu out, %zu in)",
                         e->out_len, e->in_len);
            virtqueue_elem_free(e);
            return;
        }
        blk_enqueue(s, e);
    }
}

static void blk_reset(VirtIODevice *vdev)
{
    VirtIOBlk *s = vdev->opaque;
    pthread_mutex_lock(&s->lock);
    while (s->head) {
        BlkReq *r = s->head;
        s->head = r->next;
        virtqueue_elem_free(r->elem);
        free(r);
    }
    s->tail = NULL;
    while (s->busy)
        pthread_cond_wait(&s->cond, &s->lock);
    pthread_mutex_unlock(&s->lock);
}

static void blk_config_read(VirtIODevice *vdev)
{
    VirtIOBlk *s = vdev->opaque;
    int64_t len = blk_getlength(s->blk);
    uint64_t cap = len > 0 ? (uint64_t)len / BLK_SECTOR : 0;
    memcpy(vdev->config + CFG_CAPACITY, &cap, 8);
}

static const VirtIODeviceOps blk_ops = {
    .name = "virtio-blk",
    .device_id = VIRTIO_ID_BLOCK,
    .features = VIRTIO_BIT(VIRTIO_BLK_F_SEG_MAX) | VIRTIO_BIT(VIRTIO_BLK_F_BLK_SIZE) |
                VIRTIO_BIT(VIRTIO_BLK_F_FLUSH),
    .config_read = blk_config_read,
    .reset = blk_reset,
};

static void blk_config_init(VirtIOBlk *s)
{
    uint8_t *c = s->vdev.config;
    blk_config_read(&s->vdev);
    put32(c + CFG_SEG_MAX, BLK_QUEUE_SIZE - 2);
    put32(c + CFG_BLK_SIZE, BLK_SECTOR);
    c[CFG_NUM_QUEUES] = 1;
    put32(c + CFG_MAX_DISCARD_SECTORS, BLK_MAX_DISCARD);
    put32(c + CFG_MAX_DISCARD_SEG, 1);
    put32(c + CFG_DISCARD_ALIGN, 1);
    put32(c + CFG_MAX_WZ_SECTORS, BLK_MAX_DISCARD);
    put32(c + CFG_MAX_WZ_SEG, 1);
    c[CFG_WZ_MAY_UNMAP] = 1;
}

VirtIODevice *virtio_blk_new(BlockBackend *blk, const char *serial)
{
    VirtIOBlk *s = trix_malloc0(sizeof(*s));
    s->blk = blk;
    s->ro = blk_is_read_only(blk);
    if (!serial)
        serial = blk_serial(blk);
    if (serial)
        memcpy(s->id, serial, strnlen(serial, BLK_ID_BYTES));   /* no NUL at 20: by spec */
    virtio_init(&s->vdev, &blk_ops, s, CFG_SIZE);
    s->vdev.host_features |= s->ro ? VIRTIO_BIT(VIRTIO_BLK_F_RO)
                                   : VIRTIO_BIT(VIRTIO_BLK_F_DISCARD) |
                                     VIRTIO_BIT(VIRTIO_BLK_F_WRITE_ZEROES);
    blk_config_init(s);
    virtio_add_queue(&s->vdev, BLK_QUEUE_SIZE, blk_handle);
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->cond, NULL);
    for (int i = 0; i < BLK_WORKERS; i++) {
        pthread_t t;
        if (pthread_create(&t, NULL, blk_worker, s))
            trix_fatal("virtio-blk: cannot start its I/O threads");
        pthread_detach(t);
    }
    return &s->vdev;
}
