/* arm64 helpers called from IR: exceptions, CRC32/CRC32C, the virtual counter. */
#include <time.h>
#include "translate.h"

void helper_a64_raise(CPUState *cs, uint32_t excp)
{
    cpu_loop_exit(cs, (int)excp);
}
IR_HELPER(a64_raise, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I32);

/* Reflected CRC over the low `bytes` bytes of val (CRC32: 0xedb88320, CRC32C: 0x82f63b78). */
static uint64_t a64_crc(uint64_t acc, uint64_t val, uint32_t bytes, uint32_t poly)
{
    uint32_t crc = (uint32_t)acc;
    for (uint32_t i = 0; i < bytes; i++) {
        crc ^= (uint8_t)(val >> (8 * i));
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (poly & -(crc & 1));
    }
    return crc;
}

uint64_t helper_a64_crc32(uint64_t acc, uint64_t val, uint32_t bytes)
{
    return a64_crc(acc, val, bytes, 0xedb88320u);
}
IR_HELPER(a64_crc32, IR_I64, IR_CALL_PURE, IR_I64, IR_I64, IR_I32);

uint64_t helper_a64_crc32c(uint64_t acc, uint64_t val, uint32_t bytes)
{
    return a64_crc(acc, val, bytes, 0x82f63b78u);
}
IR_HELPER(a64_crc32c, IR_I64, IR_CALL_PURE, IR_I64, IR_I64, IR_I32);

/* CNTVCT_EL0: the host monotonic clock at CNTFRQ_EL0 (62.5 MHz, 16 ns per tick). */
uint64_t helper_a64_cntvct(CPUState *cs)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ((uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec) / 16;
}
IR_HELPER(a64_cntvct, IR_I64, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS,
          IR_HTYPE_PTR);
