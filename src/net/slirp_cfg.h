/* -netdev user options (QEMU's spelling) parsed into a libslirp configuration and forwarding rules. */
#ifndef TRIX_NET_SLIRP_CFG_H
#define TRIX_NET_SLIRP_CFG_H

#include <netinet/in.h>
#include <slirp/libslirp.h>
#include "trix/opts.h"

#define SLIRP_CFG_MAX_FWD 16
#define SLIRP_CFG_MAX_DNSSEARCH 8

typedef struct SlirpFwd {
    bool udp;
    struct in_addr host_addr, guest_addr;
    int host_port, guest_port;
    char *rule;                 /* as written, for messages */
} SlirpFwd;

typedef struct SlirpCfg {
    SlirpConfig cfg;
    SlirpFwd fwd[SLIRP_CFG_MAX_FWD];
    int nfwd;
    const char *dnssearch[SLIRP_CFG_MAX_DNSSEARCH + 1];
} SlirpCfg;

/* Fill c from the -netdev user options (fatal, naming the option, when one is invalid). */
void slirp_cfg_parse(SlirpCfg *c, Opts *o);
/* Parse one hostfwd rule "[tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport"; a missing
 * guest address is dhcp_start (the first DHCP lease). */
bool slirp_cfg_parse_fwd(const char *rule, struct in_addr dhcp_start, SlirpFwd *f);
/* Open the host side of every forwarding rule (fatal when a port cannot be bound). */
void slirp_cfg_add_forwards(const SlirpCfg *c, Slirp *slirp, const char *what);

#endif
