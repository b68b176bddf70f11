/* placeholder until the PCI transport lands */
#include "hw/virtio/virtio.h"
void virtio_pci_plug(VirtIODevice *vdev)
{
    trix_fatal("-device %s: this board has no PCI host", vdev->ops->name);
}
