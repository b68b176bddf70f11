/* virtio-net: the device constructor and its -device types (virtio-net-device, virtio-net-pci). */
#ifndef TRIX_HW_VIRTIO_NET_H
#define TRIX_HW_VIRTIO_NET_H

#include "trix/devtype.h"
#include "trix/net.h"
#include "hw/virtio/virtio.h"

/* A virtio-net device with MAC `mac` attached to nc (NULL: no backend; `name` is the
 * -device type, for messages). Plug the result into a transport. */
VirtIODevice *virtio_net_new(NetClient *nc, const uint8_t mac[6], const char *name);

extern const DeviceType devtype_virtio_net_device, devtype_virtio_net_pci;

#endif
