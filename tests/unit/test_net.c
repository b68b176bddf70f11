/* Network layer tests: MAC parsing, hostfwd rules, -netdev user defaults, the guest-bound queue. */
#include <arpa/inet.h>
#include <string.h>
#include "trix/net.h"
#include "src/net/slirp_cfg.h"

static int failures;
#define CHECK(c) do { if (!(c)) { fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
                                           __LINE__, #c); failures++; } } while (0)

static uint32_t ip(const char *s)
{
    struct in_addr a;
    inet_aton(s, &a);
    return a.s_addr;
}

static void test_mac(void)
{
    uint8_t m[6];
    CHECK(net_parse_mac("52:54:00:ab:CD:0f", m) && m[0] == 0x52 && m[4] == 0xcd && m[5] == 0x0f);
    CHECK(!net_parse_mac("52:54:00:ab:cd", m));
    CHECK(!net_parse_mac("52:54:00:ab:cd:0f:", m));
    CHECK(!net_parse_mac("52-54-00-ab-cd-0f", m));
    CHECK(!net_parse_mac("01:00:5e:00:00:01", m));        /* multicast */
    CHECK(!net_parse_mac("52:54:00:ab:cd:xg", m));
    uint8_t a[6], b[6];
    net_default_mac(a);
    net_default_mac(b);
    CHECK(a[0] == 0x52 && a[1] == 0x54 && a[2] == 0 && a[3] == 0x12 && a[4] == 0x34);
    CHECK(a[5] == 0x56 && b[5] == 0x57);
}

static void test_hostfwd(void)
{
    struct in_addr dhcp = { ip("10.0.2.15") };
    SlirpFwd f;
    CHECK(slirp_cfg_parse_fwd("tcp:127.0.0.1:8080-:80", dhcp, &f));
    CHECK(!f.udp && f.host_addr.s_addr == ip("127.0.0.1") && f.host_port == 8080);
    CHECK(f.guest_addr.s_addr == ip("10.0.2.15") && f.guest_port == 80);
    CHECK(slirp_cfg_parse_fwd("udp::5353-10.0.2.20:53", dhcp, &f));
    CHECK(f.udp && f.host_addr.s_addr == htonl(INADDR_ANY) && f.guest_addr.s_addr == ip("10.0.2.20"));
    CHECK(slirp_cfg_parse_fwd(":127.0.0.1:0-:22", dhcp, &f) && !f.udp && f.host_port == 0);
    CHECK(!slirp_cfg_parse_fwd("sctp::1-:2", dhcp, &f));
    CHECK(!slirp_cfg_parse_fwd("tcp::1:2", dhcp, &f));          /* no '-' */
    CHECK(!slirp_cfg_parse_fwd("tcp::70000-:22", dhcp, &f));
    CHECK(!slirp_cfg_parse_fwd("tcp::22-:0", dhcp, &f));
    CHECK(!slirp_cfg_parse_fwd("tcp:300.1.1.1:22-:22", dhcp, &f));
    CHECK(!slirp_cfg_parse_fwd("tcp::22-:", dhcp, &f));
    CHECK(!slirp_cfg_parse_fwd("tcp::x-:22", dhcp, &f));
}

static void test_cfg(void)
{
    SlirpCfg c;
    Opts *o = opts_parse("-netdev", "user,id=n0", "type");
    opts_get(o, "type");
    opts_get(o, "id");
    slirp_cfg_parse(&c, o);
    opts_finish(o);
    CHECK(c.cfg.vnetwork.s_addr == ip("10.0.2.0") && c.cfg.vnetmask.s_addr == ip("255.255.255.0"));
    CHECK(c.cfg.vhost.s_addr == ip("10.0.2.2") && c.cfg.vnameserver.s_addr == ip("10.0.2.3"));
    CHECK(c.cfg.vdhcp_start.s_addr == ip("10.0.2.15") && !c.cfg.restricted);
    CHECK(c.cfg.in_enabled && c.cfg.in6_enabled && c.nfwd == 0);
    opts_free(o);

    o = opts_parse("-netdev", "user,net=192.168.7.0/24,restrict=on,hostfwd=tcp::1-:2,"
                   "hostfwd=udp::3-:4,dnssearch=a.example,dnssearch=b.example", "type");
    slirp_cfg_parse(&c, o);
    CHECK(c.cfg.vhost.s_addr == ip("192.168.7.2") && c.cfg.vdhcp_start.s_addr == ip("192.168.7.15"));
    CHECK(c.cfg.restricted && c.nfwd == 2 && c.fwd[1].udp);
    CHECK(c.fwd[0].guest_addr.s_addr == ip("192.168.7.15"));
    CHECK(c.cfg.vdnssearch && !strcmp(c.cfg.vdnssearch[1], "b.example") && !c.cfg.vdnssearch[2]);
    opts_free(o);

    o = opts_parse("-netdev", "user,net=10.1.0.0/255.255.0.0,host=10.1.9.9", "type");
    slirp_cfg_parse(&c, o);
    CHECK(c.cfg.vnetmask.s_addr == ip("255.255.0.0") && c.cfg.vhost.s_addr == ip("10.1.9.9"));
    opts_free(o);

    o = opts_parse("-netdev", "user,net=10.0.0.0", "type");       /* classful: /8 */
    slirp_cfg_parse(&c, o);
    CHECK(c.cfg.vnetmask.s_addr == ip("255.0.0.0"));
    opts_free(o);
}

/* A NIC that takes `room` frames, then refuses. */
static int fe_room, fe_got;
static size_t fe_last;
static bool fe_receive(void *opaque, const uint8_t *buf, size_t len)
{
    if (fe_room <= 0)
        return false;
    fe_room--;
    fe_got++;
    fe_last = len;
    return true;
}

static void test_queue(void)
{
    static MachineState ms;
    ms.netdev[0] = "user,id=q0";
    ms.nnetdev = 1;
    net_init(&ms);
    NetClient *nc = net_client_find("q0");
    CHECK(nc && !net_client_find("q1"));
    if (!nc)
        return;
    NetFrontend fe = { fe_receive, NULL, "test-nic" };
    net_client_attach(nc, &fe, "test");
    uint8_t frame[100] = { 0 };
    fe_room = 1;
    net_client_deliver(nc, frame, 60);
    net_client_deliver(nc, frame, 61);      /* no room: queued */
    net_client_deliver(nc, frame, 62);
    const NetStats *s = net_client_stats(nc);
    CHECK(fe_got == 1 && s->rx_packets == 1 && s->rx_queued == 2);
    fe_room = 10;
    net_client_flush(nc);
    CHECK(fe_got == 3 && fe_last == 62 && s->rx_packets == 3);   /* in order */
    fe_room = 0;
    for (int i = 0; i < 1100; i++)
        net_client_deliver(nc, frame, 64);
    CHECK(s->rx_dropped == 1100 - 1024);    /* bounded, and counted */
    fe_room = 2000;
    net_client_flush(nc);
    CHECK(s->rx_packets == 3 + 1024);
}

int main(void)
{
    test_mac();
    test_hostfwd();
    test_cfg();
    test_queue();
    if (failures)
        fprintf(stderr, "%d failures\n", failures);
    else
        printf("net: all passed\n");
    return failures != 0;
}
