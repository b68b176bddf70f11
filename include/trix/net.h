/* Network clients: -netdev backends (slirp user networking) joined to NIC frontends by id. */
#ifndef TRIX_NET_H
#define TRIX_NET_H

#include "trix/machine.h"
#include "trix/opts.h"

/*
 * A NetClient is one -netdev backend (today only "user", libslirp). A NIC finds it by the
 * id in its netdev= property and attaches a NetFrontend. Every call below is made with the
 * device lock held (hw_lock): from the vCPU thread when the guest transmits, from the I/O
 * thread when the backend has a packet for the guest. Frames are Ethernet frames without
 * any virtio header.
 *
 * Guest -> backend: the NIC calls net_client_send(). Backend -> guest: the backend hands a
 * frame to the client, which calls the frontend's receive(); when receive() returns false
 * (no guest buffer) the frame is queued and the NIC calls net_client_flush() once the
 * guest has posted buffers. The queue is bounded; a frame that does not fit is dropped and
 * counted (rx_dropped), never silently lost.
 */
typedef struct NetClient NetClient;

typedef struct NetFrontend {
    /* Take one frame for the guest; false: no room now (the frame is kept and re-offered). */
    bool (*receive)(void *opaque, const uint8_t *buf, size_t len);
    void *opaque;
    const char *name;           /* "virtio-net-device": for messages */
} NetFrontend;

typedef struct NetStats {
    uint64_t tx_packets, tx_bytes;      /* guest -> backend */
    uint64_t rx_packets, rx_bytes;      /* backend -> guest, delivered */
    uint64_t rx_queued;                 /* frames that had to wait for guest buffers */
    uint64_t rx_dropped;                /* frames dropped: the queue was full */
} NetStats;

/* Parse every -netdev and -nic of ms and create the backends; -nic also appends the NIC to
 * ms->device[]. Called once before the board's init. Fatal (naming the option) on errors. */
void net_init(MachineState *ms);
/* After the board's init: warn about backends no NIC uses (QEMU: "has no peer"). */
void net_check_peers(void);

/* The backend with -netdev id=`id`, or NULL. */
NetClient *net_client_find(const char *id);
/* Attach a NIC; fatal when the backend already has one (`what` names the option). */
void net_client_attach(NetClient *nc, const NetFrontend *fe, const char *what);
/* A frame from the guest. */
void net_client_send(NetClient *nc, const uint8_t *buf, size_t len);
/* The guest posted receive buffers: offer queued frames again. */
void net_client_flush(NetClient *nc);
const NetStats *net_client_stats(const NetClient *nc);
/* One line per backend ("n0: user, peer virtio-net-device, tx 12 pkts ..."). */
void net_info(FILE *f);

/* MAC addresses: "52:54:00:12:34:56" -> bytes (false if malformed, multicast included);
 * the default for the next NIC without mac= (52:54:00:12:34:56, then :57, ...). */
bool net_parse_mac(const char *s, uint8_t mac[6]);
void net_default_mac(uint8_t mac[6]);

/* ---- for backends (src/net/) ---- */
typedef struct NetBackendOps {
    const char *type;                   /* -netdev TYPE */
    /* Parse the options (id and type already read) and set nc's backend state. */
    void (*create)(NetClient *nc, Opts *opts);
    void (*send)(NetClient *nc, const uint8_t *buf, size_t len);
} NetBackendOps;

void *net_client_backend(NetClient *nc);
void net_client_set_backend(NetClient *nc, void *state);
const char *net_client_id(const NetClient *nc);
/* A frame from the backend for the guest: deliver now, or queue. */
void net_client_deliver(NetClient *nc, const uint8_t *buf, size_t len);

extern const NetBackendOps net_slirp_ops;

#endif
