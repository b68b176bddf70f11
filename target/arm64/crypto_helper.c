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

static uint32_t rol32(uint32_t x, int n) { return x << n | x >> (32 - n); }
static uint32_t ror32(uint32_t x, int n) { return x >> n | x << (32 - n); }

/* The state is four 32-bit columns; byte r of column c is row r (state byte r + 4c).
 * ShiftRows rotates row r left by r columns: out[r][c] = in[r][(c + r) mod 4];
 * InvShiftRows: out[r][c] = in[r][(c - r) mod 4]. SubBytes follows (they commute). */
static void aes_round(uint32_t *st, bool dec)
{
    const uint8_t *box = dec ? aes_inv_sbox : aes_sbox;
    uint32_t in[4] = { st[0], st[1], st[2], st[3] };
    for (int c = 0; c < 4; c++) {
        uint32_t w = 0;
        for (int r = 0; r < 4; r++) {
            int from = (dec ? c - r + 4 : c + r) & 3;
            w |= (uint32_t)box[in[from] >> (8 * r) & 0xff] << (8 * r);
        }
        st[c] = w;
    }
}

/* xtime (multiply by x in GF(2^8)) on the four bytes of a word. */
static uint32_t xtime4(uint32_t x)
{
    return ((x & 0x7f7f7f7fu) << 1) ^ (((x >> 7) & 0x01010101u) * 0x1b);
}

/* MixColumns of one column: out[r] = 2 a[r] + 3 a[r+1] + a[r+2] + a[r+3]
 * = xtime(a[r] + a[r+1]) + a[r+1] + a[r+2] + a[r+3]; ror32 by 8 brings a[r+1] to row r.
 * InvMixColumns = MixColumns after adding 4 (a[r] + a[r+2]) to every a[r]. */
static uint32_t aes_mix_col(uint32_t w, bool inv)
{
    if (inv)
        w ^= xtime4(xtime4(w ^ ror32(w, 16)));
    uint32_t r8 = ror32(w, 8);
    return xtime4(w ^ r8) ^ r8 ^ ror32(w, 16) ^ ror32(w, 24);
}

static uint32_t sha_ch(uint32_t x, uint32_t y, uint32_t z) { return ((y ^ z) & x) ^ z; }
static uint32_t sha_maj(uint32_t x, uint32_t y, uint32_t z) { return (x & y) | ((x | y) & z); }
static uint32_t sha_par(uint32_t x, uint32_t y, uint32_t z) { return x ^ y ^ z; }

/* SHA1C/P/M: four rounds; x = {a, b, c, d} (lane 0 = a), y = e, w = the schedule words.
 * Each round: e += ROL(a, 5) + f(b, c, d) + w; b = ROL(b, 30); then <Y, X> = ROL(Y:X, 32),
 * i.e. (a, b, c, d, e) = (e, a, b, c, d). */
static void sha1_rounds(uint32_t *x, uint32_t y, const uint32_t *w, int op)
{
    uint32_t a = x[0], b = x[1], c = x[2], d = x[3], e = y;
    for (int i = 0; i < 4; i++) {
        uint32_t f = op == A64_CR_SHA1C ? sha_ch(b, c, d)
                   : op == A64_CR_SHA1P ? sha_par(b, c, d) : sha_maj(b, c, d);
        e += rol32(a, 5) + f + w[i];
        b = rol32(b, 30);
        uint32_t t = d;
        d = c, c = b, b = a, a = e, e = t;
    }
    x[0] = a, x[1] = b, x[2] = c, x[3] = d;
}

/* SHA256H (part1: returns x) / SHA256H2 (returns y): x = {a..d}, y = {e..h}. Each round:
 * t = h + S1(e) + Ch(e, f, g) + w; d += t; h = t + S0(a) + Maj(a, b, c); then
 * <Y, X> = ROL(Y:X, 32): x = {h, a, b, c}, y = {d, e, f, g}. */
static void sha256_rounds(uint32_t *x, uint32_t *y, const uint32_t *w)
{
    uint32_t a = x[0], b = x[1], c = x[2], d = x[3], e = y[0], f = y[1], g = y[2], h = y[3];
    for (int i = 0; i < 4; i++) {
        uint32_t s1 = ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25);
        uint32_t s0 = ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22);
        uint32_t t = h + s1 + sha_ch(e, f, g) + w[i];
        d += t;
        h = t + s0 + sha_maj(a, b, c);
        uint32_t nd = c, nh = g;
        c = b, b = a, a = h;
        g = f, f = e, e = d;
        d = nd, h = nh;
    }
    x[0] = a, x[1] = b, x[2] = c, x[3] = d;
    y[0] = e, y[1] = f, y[2] = g, y[3] = h;
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

/* Carry-less product of a and b (up to 64 bits each) into lo/hi, four bits of b at a time:
 * t[k] = a * k for every 4-bit k, then Horner's rule from b's top nibble down. */
static void clmul(uint64_t a, uint64_t b, int bits, uint64_t *lo, uint64_t *hi)
{
    uint64_t tl[16], th[16], l = 0, h = 0;
    tl[0] = th[0] = 0;
    for (int k = 1; k < 16; k++) {
        if (k & 1) {
            tl[k] = tl[k - 1] ^ a;
            th[k] = th[k - 1];
        } else {
            tl[k] = tl[k / 2] << 1;
            th[k] = th[k / 2] << 1 | tl[k / 2] >> 63;
        }
    }
    for (int i = (bits - 1) & ~3; i >= 0; i -= 4) {
        h = h << 4 | l >> 60;
        l <<= 4;
        l ^= tl[b >> i & 15];
        h ^= th[b >> i & 15];
    }
    *lo = l;
    *hi = h;
}

/* The same for 8-bit polynomials (a 15-bit product). */
static uint16_t clmul8(uint8_t a, uint8_t b)
{
    uint16_t r = 0;
    for (int i = 0; i < 8; i++)
        r ^= (uint16_t)((a << i) & -(b >> i & 1));
    return r;
}

static void pmull(uint64_t *r, const uint64_t *n, const uint64_t *m, int op, int part)
{
    uint64_t lo, hi;
    if (op == A64_CR_PMULL64) {
        clmul(n[part], m[part], 64, &lo, &hi);
        r[0] = lo, r[1] = hi;
        return;
    }
    r[0] = r[1] = 0;
    for (int i = 0; i < 8; i++)
        r[i / 4] |= (uint64_t)clmul8((uint8_t)(n[part] >> (8 * i)), (uint8_t)(m[part] >> (8 * i)))
                    << (16 * (i % 4));
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
        aes_round(r, op == A64_CR_AESD);
        break;
    case A64_CR_AESMC: case A64_CR_AESIMC:
        for (int c = 0; c < 4; c++)
            r[c] = aes_mix_col(n[c], op == A64_CR_AESIMC);
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
