/* AdvSIMD permutes: ZIP/UZP/TRN (every arrangement), EXT, TBL/TBX with 1-4 table registers
 * (wrapping V31 -> V0, the destination inside the table) and out-of-range indices (TBL: 0,
 * TBX: the destination kept), DUP/INS/UMOV/SMOV edge lanes. Checked against a C reference
 * and (the -diff test) line by line against qemu-aarch64. */
#include "a64_rt.h"

typedef uint8_t u8;
static u8 vin[8][16] __attribute__((aligned(16)));   /* v0, v1, v2, v3, v28..v31 */
static u8 vout[16] __attribute__((aligned(16)));
static u64 xout;

#define RUN(insn) __asm__ volatile( \
    "ldp q0, q1, [%0]\n ldp q2, q3, [%0, #32]\n ldp q28, q29, [%0, #64]\n" \
    "ldp q30, q31, [%0, #96]\n mov x9, #0\n " insn "\n str q0, [%1]\n str x9, [%2]" \
    :: "r"(vin), "r"(vout), "r"(&xout) \
    : "x9", "v0", "v1", "v2", "v3", "v28", "v29", "v30", "v31", "memory")

static void out_line(const char *name)
{
    u64 lo = 0, hi = 0;
    for (int i = 0; i < 8; i++) {
        lo |= (u64)vout[i] << (8 * i);
        hi |= (u64)vout[i + 8] << (8 * i);
    }
    rt_line(name, 0, xout, hi, 0);
    rt_line(name, 0, 0, lo, 0);
}

static void check_vec(const char *name, const u8 *exp)
{
    out_line(name);
    for (int i = 0; i < 16; i++)
        if (vout[i] != exp[i]) {
            CHECK(name, (u64)i << 8 | vout[i], (u64)i << 8 | exp[i]);
            return;
        }
    CHECK(name, 0, 0);
}

/* Reference ZIP/UZP/TRN: opc as in the encoding (1 UZP1, 2 TRN1, 3 ZIP1, +4 for the 2 form). */
static void ref_zut(int opc, int esz, int q, const u8 *n, const u8 *m, u8 *r)
{
    int eb = 1 << esz, e = (q ? 16 : 8) / eb, part = opc >> 2;
    for (int i = 0; i < 16; i++)
        r[i] = 0;
    for (int i = 0; i < e; i++) {
        const u8 *src;
        int k;
        if ((opc & 3) == 1) {
            k = 2 * i + part;
            src = k < e ? n : m;
            k = k < e ? k : k - e;
        } else if ((opc & 3) == 2) {
            src = i & 1 ? m : n;
            k = (i & ~1) + part;
        } else {
            src = i & 1 ? m : n;
            k = part * e / 2 + i / 2;
        }
        for (int j = 0; j < eb; j++)
            r[i * eb + j] = src[k * eb + j];
    }
}

#define ZUT(op, opc, arr, esz, q) do { \
    RUN(op " v0." arr ", v1." arr ", v2." arr); \
    ref_zut(opc, esz, q, vin[1], vin[2], exp); \
    check_vec(op "." arr, exp); } while (0)
#define ZUT_ALL(op, opc) do { \
    ZUT(op, opc, "8b", 0, 0); ZUT(op, opc, "16b", 0, 1); ZUT(op, opc, "4h", 1, 0); \
    ZUT(op, opc, "8h", 1, 1); ZUT(op, opc, "2s", 2, 0); ZUT(op, opc, "4s", 2, 1); \
    ZUT(op, opc, "2d", 3, 1); } while (0)

/* Reference TBL/TBX: the table is regs[0..len-1] (indices into vin), v2 the indices. */
static void ref_tbl(const int *regs, int len, int tbx, int q, u8 *r)
{
    for (int i = 0; i < 16; i++) {
        unsigned idx = vin[2][i];
        if (i >= (q ? 16 : 8))
            r[i] = 0;
        else if (idx < 16u * len)
            r[i] = vin[regs[idx / 16]][idx % 16];
        else
            r[i] = tbx ? vin[0][i] : 0;
    }
}

#define TBL(insn, q, tbx, len, ...) do { \
    static const int regs_[] = { __VA_ARGS__ }; \
    RUN(insn); ref_tbl(regs_, len, tbx, q, exp); check_vec(insn, exp); } while (0)

static void set_inputs(int seed)
{
    static const u8 idx[16] = { 0, 5, 15, 16, 17, 31, 32, 47, 48, 63, 64, 100, 127, 128, 200, 255 };
    for (int r = 0; r < 8; r++)
        for (int i = 0; i < 16; i++)
            vin[r][i] = (u8)(r * 16 + i + 0x11 * seed + 0x40);
    for (int i = 0; i < 16; i++)
        vin[2][i] = seed ? idx[(i * 7 + seed) % 16] : (u8)(i * 5 % 70);
}

int main(void)
{
    u8 exp[16];
    for (int seed = 0; seed < 3; seed++) {
        set_inputs(seed);
        ZUT_ALL("uzp1", 1); ZUT_ALL("uzp2", 5); ZUT_ALL("trn1", 2);
        ZUT_ALL("trn2", 6); ZUT_ALL("zip1", 3); ZUT_ALL("zip2", 7);
        /* Destination = a source. */
        RUN("zip1 v0.4s, v0.4s, v1.4s"); ref_zut(3, 2, 1, vin[0], vin[1], exp);
        check_vec("zip1 d=n", exp);
        RUN("uzp2 v0.8b, v1.8b, v0.8b"); ref_zut(5, 0, 0, vin[1], vin[0], exp);
        check_vec("uzp2 d=m", exp);

        TBL("tbl v0.8b, {v1.16b}, v2.8b", 0, 0, 1, 1);
        TBL("tbl v0.16b, {v1.16b}, v2.16b", 1, 0, 1, 1);
        TBL("tbx v0.8b, {v1.16b}, v2.8b", 0, 1, 1, 1);
        TBL("tbx v0.16b, {v1.16b}, v2.16b", 1, 1, 1, 1);
        TBL("tbl v0.16b, {v31.16b, v0.16b}, v2.16b", 1, 0, 2, 7, 0);
        TBL("tbx v0.16b, {v30.16b, v31.16b}, v2.16b", 1, 1, 2, 6, 7);
        TBL("tbl v0.16b, {v28.16b, v29.16b, v30.16b}, v2.16b", 1, 0, 3, 4, 5, 6);
        TBL("tbx v0.8b, {v29.16b, v30.16b, v31.16b}, v2.8b", 0, 1, 3, 5, 6, 7);
        TBL("tbl v0.16b, {v28.16b, v29.16b, v30.16b, v31.16b}, v2.16b", 1, 0, 4, 4, 5, 6, 7);
        TBL("tbx v0.16b, {v30.16b, v31.16b, v0.16b, v1.16b}, v2.16b", 1, 1, 4, 6, 7, 0, 1);
        TBL("tbl v0.8b, {v0.16b, v1.16b, v2.16b, v3.16b}, v2.8b", 0, 0, 4, 0, 1, 2, 3);
        TBL("tbx v0.8b, {v1.16b, v2.16b, v3.16b}, v2.8b", 0, 1, 3, 1, 2, 3);

        for (int i = 0; i < 16; i++)
            exp[i] = i < 13 ? vin[1][i + 3] : vin[2][i - 13];
        RUN("ext v0.16b, v1.16b, v2.16b, #3"); check_vec("ext.16b #3", exp);
        for (int i = 0; i < 16; i++)
            exp[i] = i >= 8 ? 0 : i < 1 ? vin[1][i + 7] : vin[2][i - 1];
        RUN("ext v0.8b, v1.8b, v2.8b, #7"); check_vec("ext.8b #7", exp);
        for (int i = 0; i < 16; i++)
            exp[i] = vin[2][i];
        RUN("ext v0.16b, v2.16b, v1.16b, #0"); check_vec("ext #0", exp);
        for (int i = 0; i < 16; i++)
            exp[i] = i < 15 ? vin[0][i + 1] : vin[0][i - 15];
        RUN("ext v0.16b, v0.16b, v0.16b, #1"); check_vec("ext rotate", exp);

        /* DUP/INS/UMOV/SMOV at the edge lanes. */
        for (int i = 0; i < 16; i++)
            exp[i] = vin[1][8 + i % 8];
        RUN("dup v0.2d, v1.d[1]"); check_vec("dup.2d d[1]", exp);
        for (int i = 0; i < 16; i++)
            exp[i] = i < 8 ? vin[1][15] : 0;
        RUN("dup v0.8b, v1.b[15]"); check_vec("dup.8b b[15]", exp);
        for (int i = 0; i < 16; i++)
            exp[i] = i >= 12 ? vin[2][i - 12] : vin[0][i];
        RUN("mov v0.s[3], v2.s[0]"); check_vec("ins s[3]", exp);
        RUN("smov x9, v1.b[15]"); out_line("smov x b15");
        CHECK("smov x b15", xout, (u64)(int64_t)(int8_t)vin[1][15]);
        RUN("smov w9, v1.h[7]"); out_line("smov w h7");
        CHECK("smov w h7", xout, (u64)(uint32_t)(int32_t)(int16_t)(vin[1][14] | vin[1][15] << 8));
        RUN("smov x9, v2.s[3]"); out_line("smov x s3");
        RUN("umov w9, v2.h[7]"); out_line("umov w h7");
        CHECK("umov w h7", xout, (u64)(vin[2][14] | vin[2][15] << 8));
        RUN("umov x9, v2.d[1]"); out_line("umov x d1");
    }
    return DONE();
}
