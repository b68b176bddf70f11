/* AdvSIMD crypto extension: AES rounds (FIPS-197), SHA-1 and SHA-256 hash updates (FIPS
 * 180-4, as the Arm ARM's SHA1C..SHA256SU1 pseudocode splits them) and the polynomial
 * multiplies PMULL/PMULL2, on the V registers in place. */
#include <string.h>
#include "translate.h"
#include "crypto_helper.h"

static uint8_t aes_sbox[256], aes_inv_sbox[256];

static uint8_t gf_mul(uint8_t a, uint8_t b)
{
    uint8_t r = 0;
    while (b) {
        if (b & 1)
            r ^= a;
        a = (uint8_t)(a << 1) ^ (a & 0x80 ? 0x1b : 0);
        b >>= 1;
    }
    return r;
}

static uint8_t rotl8(uint8_t x, int n) { return (uint8_t)(x << n | x >> (8 - n)); }

/* S-box = affine transform of the multiplicative inverse in GF(2^8) (FIPS-197 5.1.1). */
__attribute__((constructor)) static void aes_init_sbox(void)
{
    for (int x = 0; x < 256; x++) {
        uint8_t inv = 0;
        for (int y = 1; y < 256 && x; y++)
            if (gf_mul((uint8_t)x, (uint8_t)y) == 1) {
                inv = (uint8_t)y;
                break;
            }
        uint8_t s = inv ^ rotl8(inv, 1) ^ rotl8(inv, 2) ^ rotl8(inv, 3) ^ rotl8(inv, 4) ^ 0x63;
        aes_sbox[x] = s;
        aes_inv_sbox[s] = (uint8_t)x;
    }
}

/* State byte i = r + 4c is row r, column c. ShiftRows rotates row r left by r columns:
 * byte i comes from r + 4 (c + r) mod 4 = (i + 4r) mod 16; InvShiftRows from (i - 4r). */
static void aes_round(uint8_t *st, bool dec)
{
    uint8_t t[16];
    for (int i = 0; i < 16; i++)
        t[i] = dec ? aes_inv_sbox[st[(i - 4 * (i & 3)) & 15]] : aes_sbox[st[(i + 4 * (i & 3)) & 15]];
    memcpy(st, t, 16);
}

static uint8_t xtime(uint8_t a) { return (uint8_t)(a << 1) ^ (a & 0x80 ? 0x1b : 0); }

/* MixColumns: s'[r] = 2 s[r] + 3 s[r+1] + s[r+2] + s[r+3]. InvMixColumns is MixColumns of
 * the column with 4 (s[0] + s[2]) added to s[0], s[2] and 4 (s[1] + s[3]) to s[1], s[3]. */
static void aes_mix(uint8_t *st, bool inv)
{
    for (int c = 0; c < 4; c++) {
        uint8_t *p = st + 4 * c;
        if (inv) {
            uint8_t u = xtime(xtime(p[0] ^ p[2])), v = xtime(xtime(p[1] ^ p[3]));
            p[0] ^= u, p[1] ^= v, p[2] ^= u, p[3] ^= v;
        }
        uint8_t all = p[0] ^ p[1] ^ p[2] ^ p[3], a0 = p[0];
        for (int r = 0; r < 4; r++)         /* 2 a + 3 b + c + d = a + all + 2 (a + b) */
            p[r] ^= all ^ xtime(p[r] ^ (r < 3 ? p[r + 1] : a0));
    }
}

static uint32_t rol32(uint32_t x, int n) { return x << n | x >> (32 - n); }
static uint32_t ror32(uint32_t x, int n) { return x >> n | x << (32 - n); }
static uint32_t sha_ch(uint32_t x, uint32_t y, uint32_t z) { return ((y ^ z) & x) ^ z; }
static uint32_t sha_maj(uint32_t x, uint32_t y, uint32_t z) { return (x & y) | ((x | y) & z); }
static uint32_t sha_par(uint32_t x, uint32_t y, uint32_t z) { return x ^ y ^ z; }

/* SHA1C/P/M: four rounds; x = {a, b, c, d} (lane 0 = a), y = e, w = the schedule words. */
static void sha1_rounds(uint32_t *x, uint32_t y, const uint32_t *w, int op)
{
    for (int e = 0; e < 4; e++) {
        uint32_t t = op == A64_CR_SHA1C ? sha_ch(x[1], x[2], x[3])
                   : op == A64_CR_SHA1P ? sha_par(x[1], x[2], x[3]) : sha_maj(x[1], x[2], x[3]);
        y += rol32(x[0], 5) + t + w[e];
        x[1] = rol32(x[1], 30);
        uint32_t top = x[3];                /* <Y, X> = ROL(Y:X, 32) */
        x[3] = x[2], x[2] = x[1], x[1] = x[0], x[0] = y;
        y = top;
    }
}

/* SHA256H (part1: returns x) / SHA256H2 (returns y): x = {a..d}, y = {e..h}. */
static void sha256_rounds(uint32_t *x, uint32_t *y, const uint32_t *w)
{
    for (int e = 0; e < 4; e++) {
        uint32_t chs = sha_ch(y[0], y[1], y[2]), maj = sha_maj(x[0], x[1], x[2]);
        uint32_t s1 = ror32(y[0], 6) ^ ror32(y[0], 11) ^ ror32(y[0], 25);
        uint32_t s0 = ror32(x[0], 2) ^ ror32(x[0], 13) ^ ror32(x[0], 22);
        uint32_t t = y[3] + s1 + chs + w[e];
        x[3] += t;
        y[3] = t + s0 + maj;
        uint32_t ytop = y[3], xtop = x[3];  /* <Y, X> = ROL(Y:X, 32) */
        memmove(x + 1, x, 12);
        memmove(y + 1, y, 12);
        x[0] = ytop;
        y[0] = xtop;
    }
}

static uint32_t sha256_s0(uint32_t x) { return ror32(x, 7) ^ ror32(x, 18) ^ (x >> 3); }
static uint32_t sha256_s1(uint32_t x) { return ror32(x, 17) ^ ror32(x, 19) ^ (x >> 10); }

static void sha_schedule(int op, uint32_t *r, const uint32_t *d, const uint32_t *n,
                         const uint32_t *m)
{
    uint32_t t[4];
    switch (op) {
    case A64_CR_SHA1SU0:
        t[0] = d[2], t[1] = d[3], t[2] = n[0], t[3] = n[1];
        for (int i = 0; i < 4; i++)
            r[i] = t[i] ^ d[i] ^ m[i];
        break;
    case A64_CR_SHA1SU1:
        for (int i = 0; i < 4; i++)
            t[i] = d[i] ^ (i < 3 ? n[i + 1] : 0);
        for (int i = 0; i < 4; i++)
            r[i] = rol32(t[i], 1);
        r[3] ^= rol32(t[0], 2);
        break;
    case A64_CR_SHA256SU0:
        t[0] = d[1], t[1] = d[2], t[2] = d[3], t[3] = n[0];
        for (int i = 0; i < 4; i++)
            r[i] = sha256_s0(t[i]) + d[i];
        break;
    default:                                /* SHA256SU1 */
        t[0] = n[1], t[1] = n[2], t[2] = n[3], t[3] = m[0];
        r[0] = sha256_s1(m[2]) + d[0] + t[0];
        r[1] = sha256_s1(m[3]) + d[1] + t[1];
        r[2] = sha256_s1(r[0]) + d[2] + t[2];
        r[3] = sha256_s1(r[1]) + d[3] + t[3];
        break;
    }
}

/* Carry-less product of a and b (up to 64 bits each) into lo/hi. */
static void clmul(uint64_t a, uint64_t b, int bits, uint64_t *lo, uint64_t *hi)
{
    uint64_t l = 0, h = 0;
    for (int i = 0; i < bits; i++)
        if (b >> i & 1) {
            l ^= a << i;
            h ^= i ? a >> (64 - i) : 0;
        }
    *lo = l;
    *hi = h;
}

static void pmull(uint64_t *r, const uint64_t *n, const uint64_t *m, int op, int part)
{
    uint64_t lo, hi;
    if (op == A64_CR_PMULL64) {
        clmul(n[part], m[part], 64, &lo, &hi);
        r[0] = lo, r[1] = hi;
        return;
    }
    uint16_t p[8];
    for (int i = 0; i < 8; i++) {
        clmul(n[part] >> (8 * i) & 0xff, m[part] >> (8 * i) & 0xff, 8, &lo, &hi);
        p[i] = (uint16_t)lo;
    }
    memcpy(r, p, 16);
}

void helper_a64_crypto(CPUState *cs, uint64_t ctl)
{
    A64CPU *env = a64_cpu(cs);
    int op = ctl & 0xff, rd = ctl >> 8 & 31, rn = ctl >> 13 & 31, rm = ctl >> 18 & 31;
    uint32_t d[4], n[4], m[4], r[4];
    memcpy(d, env->v[rd], 16);
    memcpy(n, env->v[rn], 16);
    memcpy(m, env->v[rm], 16);
    memcpy(r, d, 16);
    switch (op) {
    case A64_CR_AESE: case A64_CR_AESD:
        for (int i = 0; i < 4; i++)
            r[i] = d[i] ^ n[i];
        aes_round((uint8_t *)r, op == A64_CR_AESD);
        break;
    case A64_CR_AESMC: case A64_CR_AESIMC:
        memcpy(r, n, 16);
        aes_mix((uint8_t *)r, op == A64_CR_AESIMC);
        break;
    case A64_CR_SHA1C: case A64_CR_SHA1P: case A64_CR_SHA1M:
        sha1_rounds(r, n[0], m, op);
        break;
    case A64_CR_SHA1H:
        memset(r, 0, 16);
        r[0] = rol32(n[0], 30);
        break;
    case A64_CR_SHA256H: case A64_CR_SHA256H2: {
        uint32_t x[4], y[4];
        memcpy(x, op == A64_CR_SHA256H ? d : n, 16);
        memcpy(y, op == A64_CR_SHA256H ? n : d, 16);
        sha256_rounds(x, y, m);
        memcpy(r, op == A64_CR_SHA256H ? x : y, 16);
        break;
    }
    case A64_CR_PMULL8: case A64_CR_PMULL64: {
        uint64_t n64[2], m64[2], r64[2];
        memcpy(n64, n, 16);
        memcpy(m64, m, 16);
        pmull(r64, n64, m64, op, ctl >> 23 & 1);
        memcpy(r, r64, 16);
        break;
    }
    default:
        sha_schedule(op, r, d, n, m);
        break;
    }
    memcpy(env->v[rd], r, 16);
}
IR_HELPER(a64_crypto, IR_HTYPE_VOID, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS,
          IR_HTYPE_PTR, IR_I64);
