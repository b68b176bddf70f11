/* Crypto extension through the ACLE intrinsics (arm_neon.h, +crypto), against known-answer
 * vectors: AES-128 (FIPS-197 appendix C.1) encrypt and decrypt, SHA-1 and SHA-256 (FIPS
 * 180 examples, one and two blocks), PMULL/PMULL2; and OpenSSL-style feature probing:
 * getauxval(AT_HWCAP) and ID_AA64ISAR0_EL1 report AES, PMULL, SHA1 and SHA2. Built with
 * glibc (tests.sh: libc_*.c). */
#include <arm_neon.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

static int failures;

static void check_hex(const char *what, const uint8_t *got, const char *exp_hex, int n)
{
    char hex[129];
    for (int i = 0; i < n; i++)
        sprintf(hex + 2 * i, "%02x", got[i]);
    int ok = strcmp(hex, exp_hex) == 0;
    failures += !ok;
    printf("%s %s %s\n", ok ? "ok" : "FAIL", what, hex);
}

/* AES-128 key expansion (FIPS-197 5.2); SubWord through AESE with a zero round key, whose
 * ShiftRows does not move bytes of a state whose four columns are equal. */
static uint32_t sub_word(uint32_t w)
{
    uint8x16_t s = vreinterpretq_u8_u32(vdupq_n_u32(w));
    s = vaeseq_u8(s, vdupq_n_u8(0));
    return vgetq_lane_u32(vreinterpretq_u32_u8(s), 0);
}

static void aes128_expand(const uint8_t *key, uint8x16_t *rk)
{
    uint32_t w[44];
    uint8_t rcon = 1;
    memcpy(w, key, 16);
    for (int i = 4; i < 44; i++) {
        uint32_t t = w[i - 1];
        if (i % 4 == 0) {
            t = sub_word(t >> 8 | t << 24) ^ rcon;
            rcon = (uint8_t)(rcon << 1 ^ (rcon & 0x80 ? 0x1b : 0));
        }
        w[i] = w[i - 4] ^ t;
    }
    for (int r = 0; r < 11; r++)
        rk[r] = vld1q_u8((const uint8_t *)(w + 4 * r));
}

static void test_aes(void)
{
    static const uint8_t key[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
    static const uint8_t pt[16] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                    0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
    uint8x16_t rk[11], x = vld1q_u8(pt);
    uint8_t out[16];
    aes128_expand(key, rk);
    vst1q_u8(out, rk[10]);
    check_hex("aes128 round key 10", out, "13111d7fe3944a17f307a78b4d2b30c5", 16);
    for (int r = 0; r < 9; r++)
        x = vaesmcq_u8(vaeseq_u8(x, rk[r]));
    x = veorq_u8(vaeseq_u8(x, rk[9]), rk[10]);
    vst1q_u8(out, x);
    check_hex("aes128 encrypt", out, "69c4e0d86a7b0430d8cdb78070b4c55a", 16);
    /* Equivalent inverse cipher: AESD + AESIMC, InvMixColumns applied to round keys 1..9. */
    x = vaesdq_u8(x, rk[10]);
    for (int r = 9; r >= 1; r--)
        x = vaesdq_u8(vaesimcq_u8(x), vaesimcq_u8(rk[r]));
    x = veorq_u8(x, rk[0]);
    vst1q_u8(out, x);
    check_hex("aes128 decrypt", out, "00112233445566778899aabbccddeeff", 16);
}

/* Message padding (FIPS 180-4 5.1.1) of a short message into 1 or 2 blocks. */
static int sha_pad(const char *msg, uint8_t *blocks)
{
    size_t n = strlen(msg);
    int nblk = n + 9 > 64 ? 2 : 1;
    memset(blocks, 0, 128);
    memcpy(blocks, msg, n);
    blocks[n] = 0x80;
    uint64_t bits = (uint64_t)n * 8;
    for (int i = 0; i < 8; i++)
        blocks[nblk * 64 - 1 - i] = (uint8_t)(bits >> (8 * i));
    return nblk;
}

/* Big-endian words (scalar byte swaps: REV32 belongs to the integer AdvSIMD tests). */
static uint32x4_t load_be(const uint8_t *p)
{
    uint32_t w[4];
    for (int i = 0; i < 4; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | p[4 * i + 1] << 16 | p[4 * i + 2] << 8 | p[4 * i + 3];
    return vld1q_u32(w);
}

static void sha1_block(uint32_t *st, const uint8_t *blk)
{
    static const uint32_t k[4] = { 0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6 };
    uint32x4_t w[4], abcd = vld1q_u32(st);
    uint32_t e = st[4];
    for (int i = 0; i < 4; i++)
        w[i] = load_be(blk + 16 * i);
    for (int g = 0; g < 20; g++) {
        uint32x4_t wk = vaddq_u32(w[g % 4], vdupq_n_u32(k[g / 5]));
        uint32_t e_next = vsha1h_u32(vgetq_lane_u32(abcd, 0));
        if (g < 5)
            abcd = vsha1cq_u32(abcd, e, wk);
        else if (g < 10 || g >= 15)
            abcd = vsha1pq_u32(abcd, e, wk);
        else
            abcd = vsha1mq_u32(abcd, e, wk);
        e = e_next;
        if (g < 16)
            w[g % 4] = vsha1su1q_u32(vsha1su0q_u32(w[g % 4], w[(g + 1) % 4], w[(g + 2) % 4]),
                                     w[(g + 3) % 4]);
    }
    vst1q_u32(st, vaddq_u32(vld1q_u32(st), abcd));
    st[4] += e;
}

static const uint32_t k256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static void sha256_block(uint32_t *st, const uint8_t *blk)
{
    uint32x4_t w[4], abcd = vld1q_u32(st), efgh = vld1q_u32(st + 4);
    for (int i = 0; i < 4; i++)
        w[i] = load_be(blk + 16 * i);
    for (int g = 0; g < 16; g++) {
        uint32x4_t wk = vaddq_u32(w[g % 4], vld1q_u32(k256 + 4 * g)), t = abcd;
        abcd = vsha256hq_u32(abcd, efgh, wk);
        efgh = vsha256h2q_u32(efgh, t, wk);
        if (g < 12)
            w[g % 4] = vsha256su1q_u32(vsha256su0q_u32(w[g % 4], w[(g + 1) % 4]),
                                       w[(g + 2) % 4], w[(g + 3) % 4]);
    }
    vst1q_u32(st, vaddq_u32(vld1q_u32(st), abcd));
    vst1q_u32(st + 4, vaddq_u32(vld1q_u32(st + 4), efgh));
}

static void digest_be(const uint32_t *st, int words, uint8_t *out)
{
    for (int i = 0; i < words; i++)
        for (int j = 0; j < 4; j++)
            out[4 * i + j] = (uint8_t)(st[i] >> (24 - 8 * j));
}

static void test_sha(const char *msg, const char *sha1_hex, const char *sha256_hex)
{
    uint8_t blocks[128], out[32];
    int n = sha_pad(msg, blocks);
    uint32_t s1[5] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0 };
    uint32_t s2[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    for (int i = 0; i < n; i++) {
        sha1_block(s1, blocks + 64 * i);
        sha256_block(s2, blocks + 64 * i);
    }
    digest_be(s1, 5, out);
    check_hex("sha1", out, sha1_hex, 20);
    digest_be(s2, 8, out);
    check_hex("sha256", out, sha256_hex, 32);
}

static void test_pmull(void)
{
    uint8_t out[16];
    poly128_t p = vmull_p64(0x8000000000000003ull, 0x3);
    memcpy(out, &p, 16);        /* x^63 * (x + 1) ^ (x + 1)^2 = x^64 + x^63 + x^2 + 1 */
    check_hex("pmull.1q", out, "05000000000000800100000000000000", 16);
    poly64x2_t a = { 1, 0xffffffffffffffffull }, b = { 2, 0xffffffffffffffffull };
    p = vmull_high_p64(a, b);   /* (sum x^i, i < 64)^2 = sum x^(2i) */
    memcpy(out, &p, 16);
    check_hex("pmull2.1q", out, "55555555555555555555555555555555", 16);
    poly8x8_t c = vcreate_p8(0x0102ff80030507ffull), d = vcreate_p8(0xff0203ff03070affull);
    poly16x8_t q = vmull_p8(c, d);
    memcpy(out, &q, 16);
    check_hex("pmull.8h", out, "555536001b000500807f01010400ff00", 16);
    poly8x16_t e = vcombine_p8(d, c), f = vcombine_p8(c, d);
    q = vmull_high_p8(e, f);
    memcpy(out, &q, 16);
    check_hex("pmull2.8h", out, "555536001b000500807f01010400ff00", 16);
}

static void test_probe(void)
{
    unsigned long hw = getauxval(AT_HWCAP);
    int need = HWCAP_AES | HWCAP_PMULL | HWCAP_SHA1 | HWCAP_SHA2 | HWCAP_CPUID;
    int ok = (hw & need) == need;
    printf("%s getauxval(AT_HWCAP) has AES PMULL SHA1 SHA2 CPUID\n", ok ? "ok" : "FAIL");
    failures += !ok;
    if (!(hw & HWCAP_CPUID))
        return;
    uint64_t isar0;
    __asm__ volatile("mrs %0, id_aa64isar0_el1" : "=r"(isar0));
    ok = (isar0 >> 4 & 15) == 2 && (isar0 >> 8 & 15) == 1 && (isar0 >> 12 & 15) >= 1;
    printf("%s ID_AA64ISAR0_EL1 AES=2 (PMULL) SHA1=1 SHA2>=1\n", ok ? "ok" : "FAIL");
    failures += !ok;
}

int main(void)
{
    test_aes();
    test_sha("abc", "a9993e364706816aba3e25717850c26c9cd0d89d",
             "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    test_sha("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
             "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    test_sha("", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
             "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    test_pmull();
    test_probe();
    puts(failures ? "FAILED" : "OK");
    return failures != 0;
}
