/* Fuzz target: the split-virtqueue parser (rings, chains, indirect tables, event index) on guest RAM from the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "hw/virtio/virtio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Input: a 32-byte header, then the bytes of guest RAM (64 KiB at FUZZ_RAM, zero past the
 * input). Header: u16 queue size, u8 features (bit 0 INDIRECT_DESC, bit 1 EVENT_IDX, bit 2
 * drop VERSION_1), u8 rounds, u32 desc / avail / used offsets from FUZZ_RAM (any value: ring
 * areas may leave RAM or wrap), u32 bytes the device claims to write per chain, then a u8
 * per-round action mask. Each round pops every chain, writes into it, pushes, notifies.
 */
#define FUZZ_RAM      0x80000000ull
#define FUZZ_RAM_SIZE 0x10000u
#define FUZZ_HDR      32

/* The fuzz build links only the core and memory map: the device lock is a no-op there. */
__attribute__((weak)) void hw_lock(void) {}
__attribute__((weak)) void hw_unlock(void) {}

static uint8_t *ram;
static unsigned interrupts;

static void fuzz_notify(VirtIODevice *vdev, int vq_index)
{
    interrupts++;
}

static const VirtIOTransportOps fuzz_transport = { .notify = fuzz_notify };
static const VirtIODeviceOps fuzz_ops = { .name = "virtio-fuzz", .device_id = VIRTIO_ID_RNG };

static uint32_t rd32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* One round: take every available chain (bounded), fill its writable part, give it back. */
static void fuzz_round(VirtQueue *vq, uint8_t action, uint32_t claim)
{
    virtio_queue_set_notification(vq, action & 1);
    for (int n = 0; n < 2 * VIRTQUEUE_MAX_SIZE; n++) {
        VirtQueueElement *e = virtqueue_pop(vq);
        if (!e)
            break;
        if ((action & 2) && n == 0) {
            virtqueue_unpop(vq, e);
            continue;
        }
        uint8_t scratch[64];
        iov_to_buf(e->out_sg, e->out_num, 0, scratch, sizeof(scratch));
        size_t w = iov_memset(e->in_sg, e->in_num, 0, 0xa5, claim < e->in_len ? claim : e->in_len);
        virtqueue_push(vq, e, (uint32_t)w);
        virtqueue_elem_free(e);
    }
    virtio_notify(vq);
    if (action & 4)
        virtio_queue_set_notification(vq, true);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ram)
        ram = mem_map_ram("fuzz-ram", FUZZ_RAM, FUZZ_RAM_SIZE);
    if (size < FUZZ_HDR)
        return 0;
    memset(ram, 0, FUZZ_RAM_SIZE);
    memcpy(ram, data + FUZZ_HDR, size - FUZZ_HDR < FUZZ_RAM_SIZE ? size - FUZZ_HDR : FUZZ_RAM_SIZE);

    static VirtIODevice vdev;
    virtio_init(&vdev, &fuzz_ops, NULL, 0);
    VirtQueue *vq = virtio_add_queue(&vdev, 256, NULL);
    virtio_bind_transport(&vdev, &fuzz_transport, NULL);
    uint64_t f = VIRTIO_BIT(VIRTIO_F_VERSION_1);
    f |= (data[2] & 1) ? VIRTIO_BIT(VIRTIO_F_RING_INDIRECT_DESC) : 0;
    f |= (data[2] & 2) ? VIRTIO_BIT(VIRTIO_F_RING_EVENT_IDX) : 0;
    f &= (data[2] & 4) ? ~VIRTIO_BIT(VIRTIO_F_VERSION_1) : ~0ull;
    virtio_set_status(&vdev, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    virtio_set_guest_features(&vdev, 0, (uint32_t)f);
    virtio_set_guest_features(&vdev, 1, (uint32_t)(f >> 32));
    virtio_set_status(&vdev, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
                             VIRTIO_STATUS_FEATURES_OK);
    vq->num = data[0] | data[1] << 8;
    vq->desc = FUZZ_RAM + rd32(data + 4);
    vq->avail = FUZZ_RAM + rd32(data + 8);
    vq->used = FUZZ_RAM + rd32(data + 12);
    virtio_queue_enable(&vdev, 0);
    virtio_set_status(&vdev, vdev.status | VIRTIO_STATUS_DRIVER_OK);
    unsigned rounds = data[3] % 8 + 1;
    for (unsigned r = 0; r < rounds; r++) {
        fuzz_round(vq, data[20 + r], rd32(data + 16));
        if (vdev.broken && (data[3] & 0x80)) {
            virtio_set_status(&vdev, 0);        /* the driver resets: all must start clean */
            break;
        }
    }
    virtio_reset(&vdev);
    free(vdev.config);
    return 0;
}
