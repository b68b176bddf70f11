/* -netdev user options (QEMU's spelling) parsed into a libslirp configuration and forwarding rules. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "trix/common.h"
#include "src/net/slirp_cfg.h"

static const char *const sc_unsupported[] = { "guestfwd", "smb", "smbserver", NULL };

static struct in_addr sc_ip(uint32_t host_order)
{
    return (struct in_addr){ htonl(host_order) };
}

static uint32_t sc_addr(Opts *o, const char *key, const char *s)
{
    struct in_addr a;
    if (!inet_aton(s, &a))
        trix_fatal("%s: %s=%s: not an IPv4 address", o->what, key, s);
    return ntohl(a.s_addr);
}

/* Without a mask the classful one, as QEMU does (10.x: /8, 172.16-31: /12, 192.168: /16 ...). */
static uint32_t sc_default_mask(uint32_t net)
{
    if (!(net & 0x80000000))
        return 0xff000000;
    if ((net & 0xfff00000) == 0xac100000)
        return 0xfff00000;
    if ((net & 0xc0000000) == 0x80000000 || (net & 0xffff0000) == 0xc0a80000)
        return 0xffff0000;
    return 0xffffff00;
}

/* net=ADDR[/BITS|/MASK] */
static void sc_parse_net(Opts *o, const char *s, uint32_t *net, uint32_t *mask)
{
    char *copy = trix_strdup(s), *slash = strchr(copy, '/');
    if (slash)
        *slash++ = '\0';
    *net = sc_addr(o, "net", copy);
    if (!slash) {
        *mask = sc_default_mask(*net);
    } else if (strchr(slash, '.')) {
        *mask = sc_addr(o, "net", slash);
        if (~*mask & (~*mask + 1))
            trix_fatal("%s: net=%s: the mask is not contiguous", o->what, s);
    } else {
        char *end;
        errno = 0;
        long bits = strtol(slash, &end, 10);
        if (errno || *end || end == slash || bits < 1 || bits > 30)
            trix_fatal("%s: net=%s: the prefix length must be 1..30", o->what, s);
        *mask = ~0u << (32 - bits);
    }
    if (*net & ~*mask)
        trix_fatal("%s: net=%s: host bits are set in the network address", o->what, s);
    free(copy);
}

/* An address in the guest network: given, or the network plus `def_host`. */
static uint32_t sc_member(Opts *o, const char *key, uint32_t net, uint32_t mask, uint32_t def)
{
    const char *s = opts_get(o, key);
    uint32_t a = s ? sc_addr(o, key, s) : net | def;
    if ((a & mask) != net)
        trix_fatal("%s: %s=%s: not in the guest network", o->what, key, s ? s : "(default)");
    if (a == net || (a | mask) == ~0u)
        trix_fatal("%s: %s=%s: the network or broadcast address", o->what, key,
                   s ? s : "(default)");
    return a;
}

static void sc_parse_ipv4(SlirpCfg *c, Opts *o)
{
    uint32_t net = 0x0a000200, mask = 0xffffff00;       /* 10.0.2.0/24 */
    const char *s = opts_get(o, "net");
    if (s)
        sc_parse_net(o, s, &net, &mask);
    uint32_t host = sc_member(o, "host", net, mask, 2);
    uint32_t dns = sc_member(o, "dns", net, mask, 3);
    uint32_t dhcp = sc_member(o, "dhcpstart", net, mask, 15);
    if (host == dns)
        trix_fatal("%s: host and dns must be different addresses", o->what);
    c->cfg.vnetwork = sc_ip(net);
    c->cfg.vnetmask = sc_ip(mask);
    c->cfg.vhost = sc_ip(host);
    c->cfg.vnameserver = sc_ip(dns);
    c->cfg.vdhcp_start = sc_ip(dhcp);
}

static void sc_ip6(Opts *o, const char *key, const char *def, struct in6_addr *out)
{
    const char *s = opts_get(o, key);
    if (inet_pton(AF_INET6, s ? s : def, out) != 1)
        trix_fatal("%s: %s=%s: not an IPv6 address", o->what, key, s);
}

static void sc_parse_ipv6(SlirpCfg *c, Opts *o)
{
    sc_ip6(o, "ipv6-prefix", "fec0::", &c->cfg.vprefix_addr6);
    uint64_t len = opts_get_num(o, "ipv6-prefixlen", 64);
    if (len < 1 || len > 126)
        trix_fatal("%s: ipv6-prefixlen must be 1..126", o->what);
    c->cfg.vprefix_len = (uint8_t)len;
    sc_ip6(o, "ipv6-host", "fec0::2", &c->cfg.vhost6);
    sc_ip6(o, "ipv6-dns", "fec0::3", &c->cfg.vnameserver6);
}

static void sc_parse_strings(SlirpCfg *c, Opts *o)
{
    c->cfg.vhostname = opts_get(o, "hostname");
    c->cfg.vdomainname = opts_get(o, "domainname");
    c->cfg.tftp_path = opts_get(o, "tftp");
    c->cfg.tftp_server_name = opts_get(o, "tftp-server-name");
    c->cfg.bootfile = opts_get(o, "bootfile");
    int n = 0;
    for (int i = 0; i < o->n; i++) {
        if (strcmp(o->pairs[i].key, "dnssearch"))
            continue;
        o->pairs[i].used = true;
        if (n == SLIRP_CFG_MAX_DNSSEARCH)
            trix_fatal("%s: at most %d dnssearch domains", o->what, SLIRP_CFG_MAX_DNSSEARCH);
        c->dnssearch[n++] = o->pairs[i].value;
    }
    c->cfg.vdnssearch = n ? c->dnssearch : NULL;
}

static bool sc_port(const char *s, const char *end, int *port)
{
    char buf[8];
    if (end - s < 1 || end - s > 5)
        return false;
    memcpy(buf, s, (size_t)(end - s));
    buf[end - s] = '\0';
    char *e;
    long v = strtol(buf, &e, 10);
    if (*e || v < 0 || v > 65535)
        return false;
    *port = (int)v;
    return true;
}

/* ADDR:PORT with an optional ADDR (empty: `def`); `end` is the end of the PORT. */
static bool sc_endpoint(const char *s, const char *end, struct in_addr def,
                        struct in_addr *addr, int *port)
{
    const char *colon = memchr(s, ':', (size_t)(end - s));
    if (!colon)
        return false;
    *addr = def;
    if (colon > s) {
        char buf[INET_ADDRSTRLEN];
        if ((size_t)(colon - s) >= sizeof(buf))
            return false;
        memcpy(buf, s, (size_t)(colon - s));
        buf[colon - s] = '\0';
        if (!inet_aton(buf, addr))
            return false;
    }
    return sc_port(colon + 1, end, port);
}

bool slirp_cfg_parse_fwd(const char *rule, struct in_addr dhcp_start, SlirpFwd *f)
{
    const char *p = rule;
    f->udp = false;
    if (!strncmp(p, "tcp:", 4)) {
        p += 4;
    } else if (!strncmp(p, "udp:", 4)) {
        f->udp = true;
        p += 4;
    } else if (*p == ':') {
        p += 1;         /* ":hostaddr:..." : the protocol left out, TCP */
    } else {
        return false;
    }
    const char *dash = strchr(p, '-');
    if (!dash)
        return false;
    struct in_addr any = { htonl(INADDR_ANY) };
    return sc_endpoint(p, dash, any, &f->host_addr, &f->host_port) &&
           sc_endpoint(dash + 1, dash + 1 + strlen(dash + 1), dhcp_start, &f->guest_addr,
                       &f->guest_port) && f->guest_port != 0;
}

static void sc_parse_forwards(SlirpCfg *c, Opts *o)
{
    for (int i = 0; i < o->n; i++) {
        if (strcmp(o->pairs[i].key, "hostfwd"))
            continue;
        o->pairs[i].used = true;
        if (c->nfwd == SLIRP_CFG_MAX_FWD)
            trix_fatal("%s: at most %d hostfwd rules", o->what, SLIRP_CFG_MAX_FWD);
        SlirpFwd *f = &c->fwd[c->nfwd++];
        if (!slirp_cfg_parse_fwd(o->pairs[i].value, c->cfg.vdhcp_start, f))
            trix_fatal("%s: invalid host forwarding rule '%s' (expected "
                       "[tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport)", o->what,
                       o->pairs[i].value);
        f->rule = trix_strdup(o->pairs[i].value);
    }
}

void slirp_cfg_parse(SlirpCfg *c, Opts *o)
{
    memset(c, 0, sizeof(*c));
    for (int i = 0; sc_unsupported[i]; i++)
        if (opts_has(o, sc_unsupported[i]))
            trix_fatal("%s: '%s' is not supported by trix's user networking", o->what,
                       sc_unsupported[i]);
    c->cfg.version = 4;
    c->cfg.restricted = opts_get_bool(o, "restrict", false);
    c->cfg.in_enabled = opts_get_bool(o, "ipv4", true);
    c->cfg.in6_enabled = opts_get_bool(o, "ipv6", true);
    if (!c->cfg.in_enabled && !c->cfg.in6_enabled)
        trix_fatal("%s: IPv4 and IPv6 cannot both be off", o->what);
    sc_parse_ipv4(c, o);
    sc_parse_ipv6(c, o);
    sc_parse_strings(c, o);
    sc_parse_forwards(c, o);
}

void slirp_cfg_add_forwards(const SlirpCfg *c, Slirp *slirp, const char *what)
{
    for (int i = 0; i < c->nfwd; i++) {
        const SlirpFwd *f = &c->fwd[i];
        if (slirp_add_hostfwd(slirp, f->udp, f->host_addr, f->host_port, f->guest_addr,
                              f->guest_port) < 0)
            trix_fatal("%s: could not set up host forwarding rule '%s' (is host port %d in "
                       "use?)", what, f->rule, f->host_port);
    }
}
