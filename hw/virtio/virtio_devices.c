/* The -device types of the virtio devices (mmio "-device" and "-pci" flavours) and if=virtio drives. */
#include <string.h>
#include "trix/devtype.h"
#include "hw/virtio/virtio_blk.h"
#include "hw/virtio/virtio_devices.h"
#include "src/block/block.h"
#include "hw/virtio/virtio_input.h"

static VirtIODevice *last_serial;       /* the bus a following virtconsole attaches to */

static void virtio_plug(VirtIODevice *vdev, bool pci)
{
    if (pci)
        virtio_pci_plug(vdev);
    else
        virtio_mmio_plug(vdev);
}

/* A drive is used by one device only (QEMU refuses the second). */
static void blk_claim(BlockBackend *b, const char *what)
{
    static BlockBackend *claimed[MACHINE_MAX_OPTS];
    static int nclaimed;
    for (int i = 0; i < nclaimed; i++)
        if (claimed[i] == b)
            trix_fatal("%s: the drive is already in use by another device", what);
    if (nclaimed < MACHINE_MAX_OPTS)
        claimed[nclaimed++] = b;
}

static void blk_create(Opts *o, bool pci)
{
    const char *id = opts_get(o, "drive"), *serial = opts_get(o, "serial");
    if (!id)
        trix_fatal("%s: drive property not set", o->what);
    BlockBackend *b = blk_by_id(id);
    if (!b)
        trix_fatal("%s: drive '%s' not found (-drive if=none,id=%s,file=...)", o->what, id, id);
    blk_claim(b, o->what);
    virtio_plug(virtio_blk_new(b, serial), pci);
}

static void blk_mmio_create(MachineState *ms, Opts *o) { blk_create(o, false); }
static void blk_pci_create(MachineState *ms, Opts *o) { blk_create(o, true); }
static void rng_mmio_create(MachineState *ms, Opts *o) { virtio_plug(virtio_rng_new(), false); }
static void rng_pci_create(MachineState *ms, Opts *o) { virtio_plug(virtio_rng_new(), true); }

static void kbd_mmio_create(MachineState *ms, Opts *o) { virtio_plug(virtio_input_new(), false); }
static void kbd_pci_create(MachineState *ms, Opts *o) { virtio_plug(virtio_input_new(), true); }

static void serial_create(Opts *o, bool pci)
{
    opts_get(o, "max_ports");
    last_serial = virtio_console_new();
    virtio_plug(last_serial, pci);
}

static void serial_mmio_create(MachineState *ms, Opts *o) { serial_create(o, false); }
static void serial_pci_create(MachineState *ms, Opts *o) { serial_create(o, true); }

static void console_create(MachineState *ms, Opts *o)
{
    const char *id = opts_get(o, "chardev");
    opts_get(o, "name");
    if (!last_serial)
        trix_fatal("%s: no virtio-serial bus (add -device virtio-serial-device or "
                   "virtio-serial-pci before it)", o->what);
    if (!id)
        trix_fatal("%s: chardev property not set", o->what);
    CharBackend *c = chr_by_id(id);
    if (!c)
        trix_fatal("%s: chardev '%s' not found (-chardev ...,id=%s)", o->what, id, id);
    virtio_console_bind(last_serial, c);
}

static const DevProp blk_props[] = {
    { "drive", "str", "the -drive id=X to use" },
    { "serial", "str", "disk serial number (VIRTIO_BLK_T_GET_ID)" },
    { NULL },
};
static const DevProp serial_props[] = {
    { "max_ports", "uint32", "accepted; one console port is provided" },
    { NULL },
};
static const DevProp console_props[] = {
    { "chardev", "str", "the -chardev id=X the port is bound to" },
    { "name", "str", "accepted, ignored (no MULTIPORT)" },
    { NULL },
};

const DeviceType devtype_virtio_blk_device = {
    "virtio-blk-device", "virtio-mmio", "Virtio block device", blk_props, NULL, blk_mmio_create,
};
const DeviceType devtype_virtio_blk_pci = {
    "virtio-blk-pci", "PCI", "Virtio block device", blk_props, NULL, blk_pci_create,
};
const DeviceType devtype_virtio_rng_device = {
    "virtio-rng-device", "virtio-mmio", "Virtio entropy source (host getrandom)", NULL, NULL,
    rng_mmio_create,
};
const DeviceType devtype_virtio_rng_pci = {
    "virtio-rng-pci", "PCI", "Virtio entropy source (host getrandom)", NULL, NULL,
    rng_pci_create,
};
const DeviceType devtype_virtio_keyboard_device = {
    "virtio-keyboard-device", "virtio-mmio", "Virtio keyboard: the power button of "
    "system_powerdown (Ctrl-Alt-Del)", NULL, NULL, kbd_mmio_create,
};
const DeviceType devtype_virtio_keyboard_pci = {
    "virtio-keyboard-pci", "PCI", "Virtio keyboard: the power button of system_powerdown "
    "(Ctrl-Alt-Del)", NULL, NULL, kbd_pci_create,
};
const DeviceType devtype_virtio_serial_device = {
    "virtio-serial-device", "virtio-mmio", "Virtio console (one port: hvc0)", serial_props,
    NULL, serial_mmio_create,
};
const DeviceType devtype_virtio_serial_pci = {
    "virtio-serial-pci", "PCI", "Virtio console (one port: hvc0)", serial_props, NULL,
    serial_pci_create,
};
const DeviceType devtype_virtconsole = {
    "virtconsole", "virtio-serial-bus", "Virtio console port bound to a chardev",
    console_props, NULL, console_create,
};

static void blk_default_one(BlockBackend *b, void *opaque)
{
    blk_claim(b, "-drive if=virtio");
    virtio_plug(virtio_blk_new(b, NULL), *(bool *)opaque);
}

void virtio_create_default_drives(bool pci)
{
    blk_drives_for_if("virtio", blk_default_one, &pci);
}
