/* The reference semantics (ir_vec_exec) of the saturating, averaging and abs vector ops at
 * every lane size, at their edge values: the JIT is checked against this reference by the
 * random IR tests, so the reference itself is pinned here. */
#include "ir_test_target.h"
#include "ir_vec.h"

static uint8_t env[48];             /* a at 0, b at 16, d at 32 */

/* Lane 0 of op(a, b) at lane size esz, with a and b broadcast to the whole register. */
static uint64_t lane0(IROpcode opc, int esz, uint64_t a, uint64_t b)
{
    for (int i = 0; i < 16 >> esz; i++) {
        memcpy(env + (i << esz), &a, 1u << esz);
        memcpy(env + 16 + (i << esz), &b, 1u << esz);
    }
    ir_vec_exec(env, opc | (uint64_t)IR_VDESC(esz, 16) << 16, ir_vec_offs(32, 0, 16), 0);
    uint64_t r = 0;
    memcpy(&r, env + 32, 1u << esz);
    return r;
}

int main(void)
{
    static const uint64_t max[4] = { 0xff, 0xffff, 0xffffffff, ~0ull };
    for (int esz = 0; esz < 4; esz++) {
        uint64_t m = max[esz], smax = m >> 1, smin = smax + 1;
        CHECK_EQ(lane0(IR_vssadd, esz, smax, 1), smax);
        CHECK_EQ(lane0(IR_vssadd, esz, smin, m), smin);         /* MIN + -1 */
        CHECK_EQ(lane0(IR_vssadd, esz, smin, smax), m);         /* -1 */
        CHECK_EQ(lane0(IR_vsssub, esz, smin, 1), smin);
        CHECK_EQ(lane0(IR_vsssub, esz, smax, m), smax);         /* MAX - -1 */
        CHECK_EQ(lane0(IR_vsssub, esz, 0, smin), smax);         /* 0 - MIN */
        CHECK_EQ(lane0(IR_vusadd, esz, m, 1), m);
        CHECK_EQ(lane0(IR_vusadd, esz, smax, smin), m);
        CHECK_EQ(lane0(IR_vusadd, esz, 1, 2), 3);
        CHECK_EQ(lane0(IR_vussub, esz, 1, 2), 0);
        CHECK_EQ(lane0(IR_vussub, esz, m, 1), m - 1);
        CHECK_EQ(lane0(IR_vavgu, esz, m, m), m);
        CHECK_EQ(lane0(IR_vavgu, esz, m, 0), smin);             /* rounds up */
        CHECK_EQ(lane0(IR_vavgu, esz, 2, 1), 2);
        CHECK_EQ(lane0(IR_vabs, esz, smin, 0), smin);           /* |MIN| wraps */
        CHECK_EQ(lane0(IR_vabs, esz, m, 0), 1);
        CHECK_EQ(lane0(IR_vabs, esz, smax, 0), smax);
    }
    if (test_failures) {
        printf("test_ir_vec: %d failures\n", test_failures);
        return 1;
    }
    printf("test_ir_vec: ok\n");
    return 0;
}
