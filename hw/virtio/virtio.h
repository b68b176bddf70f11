/* The virtio core API: devices (ops table), split virtqueues, transports (mmio, pci). */
#ifndef TRIX_HW_VIRTIO_H
#define TRIX_HW_VIRTIO_H

/*
 * One core shared by every virtio device and transport (virtio 1.2, modern devices only).
 *
 *   device (blk, net, rng, console)  --VirtIODeviceOps-->  core  <--VirtIOTransportOps--  mmio / pci
 *
 * A device embeds a VirtIODevice (or points to one), fills a const VirtIODeviceOps, calls
 * virtio_init() and virtio_add_queue() for each queue, then hands the VirtIODevice to a
 * transport (virtio_mmio_plug(), virtio_pci_plug()). The transport maps the guest-visible
 * registers and calls back into the core (status, features, queue setup, notify, config).
 *
 * Locking: every function here is called with hw_lock() held (the vCPU thread holds it when it
 * touches MMIO; a worker or the I/O thread takes it before pushing a completion). Data copies
 * through the iovecs of a popped element may be done WITHOUT the lock, from any thread: the
 * iovecs point into guest RAM, which never moves, and every one was checked to lie inside RAM.
 *
 * Hostile guests: every ring address, descriptor address and length is checked against guest
 * RAM (mem_ram_ptr). A malformed ring or chain (index out of range, a loop, too many
 * descriptors, a write-only descriptor before a read-only one, nested indirect tables, a
 * buffer outside RAM, a zero-length indirect table) makes the core call virtio_error(): the
 * status gets DEVICE_NEEDS_RESET, the transport raises a config-change interrupt, the event is
 * logged under -d guest_errors, and the queues stop until the driver resets the device.
 */

#include <sys/uio.h>
#include "trix/hw.h"

/* Device status bits (virtio 1.2 section 2.1). */
enum {
    VIRTIO_STATUS_ACKNOWLEDGE = 1,
    VIRTIO_STATUS_DRIVER = 2,
    VIRTIO_STATUS_DRIVER_OK = 4,
    VIRTIO_STATUS_FEATURES_OK = 8,
    VIRTIO_STATUS_DEVICE_NEEDS_RESET = 0x40,
    VIRTIO_STATUS_FAILED = 0x80,
};

/* Reserved (transport / ring) feature bits the core offers itself. */
#define VIRTIO_F_RING_INDIRECT_DESC 28
#define VIRTIO_F_RING_EVENT_IDX     29
#define VIRTIO_F_VERSION_1          32
#define VIRTIO_F_ACCESS_PLATFORM    33
#define VIRTIO_BIT(b)               (1ull << (b))

/* Device ids (virtio 1.2 section 5). */
enum {
    VIRTIO_ID_NET = 1,
    VIRTIO_ID_BLOCK = 2,
    VIRTIO_ID_CONSOLE = 3,
    VIRTIO_ID_RNG = 4,
};

#define VIRTIO_QUEUE_MAX      8         /* queues per device (console with 1 port uses 4) */
#define VIRTQUEUE_MAX_SIZE    1024      /* largest ring a driver may choose */
#define VIRTQUEUE_MAX_SG      1024      /* segments per chain (direct + indirect) */

/* Interrupt kinds a device raises through its transport. */
#define VIRTIO_NOTIFY_CONFIG  (-1)      /* config change (also used for NEEDS_RESET) */

typedef struct VirtIODevice VirtIODevice;
typedef struct VirtQueue VirtQueue;

/*
 * One popped descriptor chain. out_sg: device-readable buffers (driver -> device, in chain
 * order); in_sg: device-writable buffers (device -> driver). Host pointers into guest RAM,
 * already bounds-checked. Zero-length descriptors are dropped. Allocated by virtqueue_pop()
 * with room for exactly the segments it has; release with virtqueue_elem_free().
 */
typedef struct VirtQueueElement {
    unsigned index;                     /* head descriptor index (what goes into the used ring) */
    unsigned generation;                /* vdev->generation at pop: a push after a reset is dropped */
    unsigned out_num, in_num;
    size_t out_len, in_len;             /* total bytes in out_sg / in_sg */
    struct iovec *out_sg, *in_sg;       /* point into sg[] */
    struct iovec sg[];
} VirtQueueElement;

/* A split virtqueue (virtio 1.2 section 2.7). Fields are the core's; transports set
 * num/desc/avail/used/ready and vector, devices only read them. */
struct VirtQueue {
    VirtIODevice *vdev;
    int index;
    uint16_t num_max;                   /* device's maximum (QueueNumMax) */
    uint16_t num;                       /* driver's choice: a power of 2 <= num_max */
    bool ready;
    uint64_t desc, avail, used;         /* guest-physical ring addresses */
    uint16_t vector;                    /* MSI-X vector (pci), 0xffff: none */
    uint16_t last_avail_idx;            /* next avail entry the device will take */
    uint16_t used_idx;                  /* next used entry the device will write */
    uint16_t signalled_used;            /* used_idx at the last interrupt (event index) */
    bool signalled_used_valid;
    bool notification;                  /* device wants kicks (virtio_queue_set_notification) */
    unsigned inflight;                  /* popped, not yet pushed */
    /* Called (under hw_lock, on the vCPU thread) when the driver kicks this queue. */
    void (*handle)(VirtIODevice *vdev, VirtQueue *vq);
    /* Host views of the rings, set by virtio_queue_enable once checked against RAM. */
    uint8_t *desc_host, *avail_host, *used_host;
};

/* What a device type provides. Every hook is optional except the identity fields. */
typedef struct VirtIODeviceOps {
    const char *name;                   /* "virtio-blk": for messages */
    uint16_t device_id;                 /* VIRTIO_ID_* */
    /* Device-specific feature bits offered (the core adds VERSION_1, RING_INDIRECT_DESC,
     * RING_EVENT_IDX). Per-instance bits go in vdev->host_features after virtio_init. */
    uint64_t features;
    /* Config space: the core serves reads from vdev->config (vdev->config_len bytes,
     * little-endian as the device laid it out). config_read is called first so the device
     * can refresh the bytes; config_write after the core stored a guest write into them. */
    void (*config_read)(VirtIODevice *vdev);
    void (*config_write)(VirtIODevice *vdev, uint32_t offset, unsigned size);
    /* The driver set FEATURES_OK with these features (already a subset of the offer).
     * Return false to refuse them (FEATURES_OK then reads back clear). */
    bool (*set_features)(VirtIODevice *vdev, uint64_t features);
    /* Status changed (e.g. DRIVER_OK set: start receiving). Called after the core's update. */
    void (*set_status)(VirtIODevice *vdev, uint8_t status);
    /* Device reset (status written 0, or system reset): drop in-flight work. The core then
     * resets the queues. In-flight requests may still finish later: virtqueue_push of an
     * element popped before the reset is ignored (elem->generation != vdev->generation). */
    void (*reset)(VirtIODevice *vdev);
} VirtIODeviceOps;

/* What a transport provides to the core. */
typedef struct VirtIOTransportOps {
    /* Raise the interrupt for queue `vq_index`, or VIRTIO_NOTIFY_CONFIG. */
    void (*notify)(VirtIODevice *vdev, int vq_index);
} VirtIOTransportOps;

struct VirtIODevice {
    const VirtIODeviceOps *ops;
    void *opaque;                       /* the device's own state */
    const VirtIOTransportOps *transport;
    void *transport_opaque;
    uint8_t status;
    uint8_t isr;                        /* bit 0: used buffer, bit 1: config change */
    uint64_t host_features;             /* offered */
    uint64_t guest_features;            /* accepted by the driver (valid once FEATURES_OK) */
    uint8_t *config;                    /* device config space */
    uint32_t config_len;
    uint32_t config_generation;
    unsigned generation;                /* bumped on every reset: stale completions are dropped */
    bool broken;                        /* NEEDS_RESET set: queues stopped */
    int num_queues;
    VirtQueue vq[VIRTIO_QUEUE_MAX];
};

/* ---- for devices ---- */

/* Set up vdev for a device of `ops` with a config space of config_len bytes (zeroed, owned by
 * the core). */
void virtio_init(VirtIODevice *vdev, const VirtIODeviceOps *ops, void *opaque,
                 uint32_t config_len);
/* Add the next queue (index = number added before) with ring size at most num_max. */
VirtQueue *virtio_add_queue(VirtIODevice *vdev, uint16_t num_max,
                            void (*handle)(VirtIODevice *vdev, VirtQueue *vq));
bool virtio_has_feature(const VirtIODevice *vdev, unsigned bit);  /* negotiated */

/* Take the next available chain, or NULL when the ring is empty, the queue is not ready, or
 * the device is broken (a malformed chain calls virtio_error and returns NULL). */
VirtQueueElement *virtqueue_pop(VirtQueue *vq);
/* Put elem back into the used ring with `len` bytes written into its in_sg, and free nothing.
 * Does not interrupt: call virtio_notify() after one or more pushes. */
void virtqueue_push(VirtQueue *vq, const VirtQueueElement *elem, uint32_t len);
void virtqueue_elem_free(VirtQueueElement *elem);
/* Undo the last pop (the device could not use the element now, e.g. rx with no packet). */
void virtqueue_unpop(VirtQueue *vq, VirtQueueElement *elem);
/* Interrupt the driver for this queue unless it suppressed it (avail flags / used_event). */
void virtio_notify(VirtQueue *vq);
/* Is there an available chain? (false when not ready or broken) */
bool virtqueue_has_avail(VirtQueue *vq);
/* Ask the driver to kick (true) or not to (false) for this queue (used flags / avail_event).
 * After enabling, re-check virtqueue_has_avail to close the race. */
void virtio_queue_set_notification(VirtQueue *vq, bool enable);
/* The config space changed: bump the generation and raise the config interrupt. */
void virtio_notify_config(VirtIODevice *vdev);
/* The driver broke the protocol: log (-d guest_errors), set DEVICE_NEEDS_RESET, stop the
 * queues, raise the config interrupt. */
void virtio_error(VirtIODevice *vdev, const char *fmt, ...) PRINTF_FMT(2, 3);

/* Scatter-gather copies: bytes copied (short when the iovec ends first). */
size_t iov_to_buf(const struct iovec *iov, unsigned n, size_t offset, void *buf, size_t len);
size_t iov_from_buf(const struct iovec *iov, unsigned n, size_t offset, const void *buf,
                    size_t len);
size_t iov_memset(const struct iovec *iov, unsigned n, size_t offset, int c, size_t len);

/* ---- for transports ---- */

void virtio_bind_transport(VirtIODevice *vdev, const VirtIOTransportOps *t, void *opaque);
void virtio_set_status(VirtIODevice *vdev, uint8_t status);     /* 0 resets */
void virtio_reset(VirtIODevice *vdev);
/* 32 bits of the offered features (sel 0: bits 0-31, 1: 32-63). */
uint32_t virtio_get_host_features(VirtIODevice *vdev, unsigned sel);
/* Driver writes 32 bits of its accepted features (ignored once FEATURES_OK is set). */
void virtio_set_guest_features(VirtIODevice *vdev, unsigned sel, uint32_t val);
uint32_t virtio_get_guest_features(VirtIODevice *vdev, unsigned sel);
/* Config space access of 1, 2 or 4 bytes, little-endian; out of range reads 0. */
uint32_t virtio_config_read(VirtIODevice *vdev, uint32_t offset, unsigned size);
void virtio_config_write(VirtIODevice *vdev, uint32_t offset, unsigned size, uint32_t val);
/* Queue n, or NULL (logged under -d guest_errors as `what` of a missing queue). */
VirtQueue *virtio_queue_get(VirtIODevice *vdev, unsigned n, const char *what);
/* The driver kicked queue n (out-of-range n is logged and ignored). */
void virtio_queue_notify(VirtIODevice *vdev, unsigned n);
/* The driver enabled queue n (QueueReady / queue_enable): checks the ring lies in RAM. */
void virtio_queue_enable(VirtIODevice *vdev, unsigned n);

/* ---- plugging into the board's buses ---- */

/* virtio-mmio (hw/virtio/virtio_mmio.c): the board registers its slots; -device
 * virtio-*-device takes the free slot with the highest address first (as QEMU does). Fatal
 * when none is left. */
void virtio_mmio_plug(VirtIODevice *vdev);
/* virtio-pci (hw/virtio/virtio_pci.c): a PCI function on the board's PCI bus. Fatal when the
 * board has no PCI host. */
void virtio_pci_plug(VirtIODevice *vdev);

#endif
