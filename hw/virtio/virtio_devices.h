/* The virtio -device types (listed in hw/devices.c) and the -drive if=virtio devices. */
#ifndef TRIX_HW_VIRTIO_DEVICES_H
#define TRIX_HW_VIRTIO_DEVICES_H

#include "trix/devtype.h"

extern const DeviceType devtype_virtio_blk_device, devtype_virtio_blk_pci;
extern const DeviceType devtype_virtio_rng_device, devtype_virtio_rng_pci;
extern const DeviceType devtype_virtio_keyboard_device, devtype_virtio_keyboard_pci;
extern const DeviceType devtype_virtio_serial_device, devtype_virtio_serial_pci;
extern const DeviceType devtype_virtconsole;

/* One virtio-blk per -drive if=virtio, on PCI (as QEMU's virt boards) or virtio-mmio. */
void virtio_create_default_drives(bool pci);

#endif
