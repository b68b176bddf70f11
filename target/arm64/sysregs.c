/* arm64 ID registers as Linux shows them to EL0 (MRS emulation, HWCAP_CPUID): the CPU
 * model's identity and exactly the features the frontend implements (translate.h A64_HWCAP). */
#include "translate.h"

#define ID_SR(crm, op2) (1u << 14 | 0u << 11 | 0u << 7 | (crm) << 3 | (op2))

bool a64_id_reg_value(unsigned sysreg, uint64_t *val)
{
    /* Linux emulates op0=3, op1=0, CRn=0, CRm=0..7 for EL0; unknown ones read as zero. */
    if ((sysreg & ~0x3fu) != ID_SR(0, 0))
        return false;
    switch (sysreg) {
    case ID_SR(0, 0): *val = 0x410fd083; break;             /* MIDR: Cortex-A72 r0p3 */
    case ID_SR(0, 5): *val = 0x80000000; break;             /* MPIDR (RES1 only) */
    case ID_SR(4, 0): *val = 0x11; break;                   /* PFR0: EL0/EL1 AArch64, FP, AdvSIMD */
    case ID_SR(6, 0): *val = 0x211120; break;  /* ISAR0: AES+PMULL, SHA1, SHA256, CRC32, LSE */
    case ID_SR(6, 1): *val = 0x100101000ull; break;         /* ISAR1: FRINTTS LRCPC JSCVT */
    default: *val = 0; break;
    }
    return true;
}
