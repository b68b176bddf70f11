/* virtio-keyboard: a virtio-input key device whose only job is the power button (C-A-Del). */
/*
 * system_powerdown presses Ctrl-Alt-Delete on it: the guest kernel's VT keyboard handler maps
 * that to ctrl_alt_del(), which signals init (SIGINT) once init has disabled the hard C-A-D
 * reboot, as busybox init does; its ::ctrlaltdel action then shuts the system down cleanly.
 * (The riscv64 virt board has no ACPI or GPIO power button the prebuilt kernel would act on.)
 * Config space (virtio 1.2 section 5.8): select, subsel, size, 5 reserved, 128 bytes of data.
 */
#include <string.h>
#include "hw/virtio/virtio_blk.h"
#include "hw/virtio/virtio_input.h"

enum { INPUT_EVENTQ = 0, INPUT_STATUSQ = 1, INPUT_QSIZE = 64, INPUT_PENDING = 32 };
enum { CFG_ID_NAME = 1, CFG_ID_SERIAL = 2, CFG_ID_DEVIDS = 3, CFG_PROP_BITS = 0x10,
       CFG_EV_BITS = 0x11 };
enum { EV_SYN = 0, EV_KEY = 1, KEY_LEFTCTRL = 29, KEY_LEFTALT = 56, KEY_DELETE = 111,
       KEY_POWER = 116 };
#define INPUT_CFG_LEN 136
#define VIRTIO_ID_INPUT 18

typedef struct VirtIOInput {
    VirtIODevice vdev;
    uint8_t pending[INPUT_PENDING][8];  /* events waiting for a driver buffer */
    int npending;
} VirtIOInput;

static VirtIOInput *power_button;

static void input_config_read(VirtIODevice *vdev)
{
    uint8_t *c = vdev->config, sel = c[0], sub = c[1];
    static const char name[] = "Trix power button";
    memset(c + 2, 0, INPUT_CFG_LEN - 2);
    if (sel == CFG_ID_NAME) {
        c[2] = sizeof(name) - 1;
        memcpy(c + 8, name, sizeof(name) - 1);
    } else if (sel == CFG_ID_DEVIDS) {
        c[2] = 8;
        c[8] = 0x06;                    /* BUS_VIRTUAL */
        c[10] = 0x27; c[11] = 0x06;     /* vendor, product, version: arbitrary */
        c[12] = 1; c[14] = 1;
    } else if (sel == CFG_EV_BITS && sub == EV_KEY) {
        static const int keys[] = { KEY_LEFTCTRL, KEY_LEFTALT, KEY_DELETE, KEY_POWER };
        for (unsigned i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
            c[8 + keys[i] / 8] |= (uint8_t)(1u << (keys[i] % 8));
        c[2] = KEY_POWER / 8 + 1;
    }
    c[0] = sel;
    c[1] = sub;
}

static void input_config_write(VirtIODevice *vdev, uint32_t offset, unsigned size)
{
    input_config_read(vdev);            /* select/subsel are the writable bytes */
}

static void input_flush(VirtIOInput *s)
{
    VirtQueue *vq = &s->vdev.vq[INPUT_EVENTQ];
    int done = 0;
    VirtQueueElement *e;
    while (done < s->npending && (e = virtqueue_pop(vq))) {
        size_t k = iov_from_buf(e->in_sg, e->in_num, 0, s->pending[done], 8);
        virtqueue_push(vq, e, (uint32_t)k);
        virtqueue_elem_free(e);
        done++;
    }
    memmove(s->pending, s->pending[done], (size_t)(s->npending - done) * 8);
    s->npending -= done;
    if (done)
        virtio_notify(vq);
}

static void input_queue_event(VirtIOInput *s, int type, int code, int value)
{
    if (s->npending >= INPUT_PENDING)
        return;
    uint8_t *ev = s->pending[s->npending++];
    ev[0] = (uint8_t)type; ev[1] = 0;
    ev[2] = (uint8_t)code; ev[3] = 0;
    ev[4] = (uint8_t)value; ev[5] = ev[6] = ev[7] = 0;
}

static void input_key(VirtIOInput *s, int code, int down)
{
    input_queue_event(s, EV_KEY, code, down);
    input_queue_event(s, EV_SYN, 0, 0);
}

bool virtio_input_has_power_button(void)
{
    return power_button != NULL;
}

bool virtio_input_power_button(void)
{
    VirtIOInput *s = power_button;
    if (!s)
        return false;
    hw_lock();
    input_key(s, KEY_LEFTCTRL, 1);
    input_key(s, KEY_LEFTALT, 1);
    input_key(s, KEY_DELETE, 1);
    input_key(s, KEY_DELETE, 0);
    input_key(s, KEY_LEFTALT, 0);
    input_key(s, KEY_LEFTCTRL, 0);
    if (s->vdev.status & VIRTIO_STATUS_DRIVER_OK)
        input_flush(s);
    hw_unlock();
    return true;
}

static void input_event_kick(VirtIODevice *vdev, VirtQueue *vq)
{
    input_flush(vdev->opaque);
}

static void input_status_kick(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtQueueElement *e;
    bool any = false;
    while ((e = virtqueue_pop(vq))) {   /* LED state and the like: accepted, ignored */
        virtqueue_push(vq, e, 0);
        virtqueue_elem_free(e);
        any = true;
    }
    if (any)
        virtio_notify(vq);
}

static void input_reset(VirtIODevice *vdev)
{
    VirtIOInput *s = vdev->opaque;
    s->npending = 0;
}

static const VirtIODeviceOps input_ops = {
    .name = "virtio-keyboard",
    .device_id = VIRTIO_ID_INPUT,
    .config_read = input_config_read,
    .config_write = input_config_write,
    .reset = input_reset,
};

VirtIODevice *virtio_input_new(void)
{
    VirtIOInput *s = trix_malloc0(sizeof(*s));
    virtio_init(&s->vdev, &input_ops, s, INPUT_CFG_LEN);
    virtio_add_queue(&s->vdev, INPUT_QSIZE, input_event_kick);
    virtio_add_queue(&s->vdev, INPUT_QSIZE, input_status_kick);
    if (!power_button)
        power_button = s;
    return &s->vdev;
}
