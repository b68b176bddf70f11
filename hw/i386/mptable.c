/* MP table 1.4 (floating pointer "_MP_", configuration table "PCMP"): processors, ISA bus, IOAPIC, interrupt routing. */
#include <string.h>
#include "hw/i386/mptable.h"
#include "hw/intc/apic.h"
#include "hw/intc/ioapic.h"
#include "hw/core/loader.h"

enum { MP_CPU = 0, MP_BUS = 1, MP_IOAPIC = 2, MP_IOINT = 3, MP_LINT = 4 };
enum { MP_INT = 0, MP_NMI = 1, MP_EXTINT = 3 };

static uint8_t mp_sum(const uint8_t *p, size_t n)
{
    uint8_t s = 0;
    while (n--)
        s += *p++;
    return (uint8_t)-s;
}

static void mp_int(uint8_t *e, int type, int kind, int irq, int dest, int pin)
{
    uint8_t v[8] = { (uint8_t)type, (uint8_t)kind, 0, 0, 0, (uint8_t)irq, (uint8_t)dest,
                     (uint8_t)pin };
    memcpy(e, v, 8);
}

void mptable_build(X86Machine *xm, int ioapic_id, bool pic)
{
    MachineState *ms = xm->ms;
    uint8_t t[1024] = { 0 };
    size_t n = 44;
    int count = 0;
    for (int i = 0; i < ms->smp; i++, count++, n += 20) {
        uint8_t *e = t + n;
        e[0] = MP_CPU;
        e[1] = (uint8_t)i;
        e[2] = 0x14;                                /* local APIC version */
        e[3] = 1 | (i == 0 ? 2 : 0);                /* enabled, BSP */
        uint32_t sig = 0x600, feat = 0x201;         /* family 6; FPU, APIC */
        memcpy(e + 4, &sig, 4);
        memcpy(e + 8, &feat, 4);
    }
    memcpy(t + n, (uint8_t[8]){ MP_BUS, 0, 'I', 'S', 'A', ' ', ' ', ' ' }, 8);
    n += 8, count++;
    uint32_t ioapic = (uint32_t)IOAPIC_DEFAULT_BASE;
    uint8_t io[8] = { MP_IOAPIC, (uint8_t)ioapic_id, IOAPIC_VERSION, 1 };
    memcpy(io + 4, &ioapic, 4);
    memcpy(t + n, io, 8);
    n += 8, count++;
    if (pic) {
        mp_int(t + n, MP_IOINT, MP_EXTINT, 0, ioapic_id, 0);
        n += 8, count++;
    }
    for (int irq = 0; irq < 16; irq++) {
        if (irq == 2)
            continue;
        mp_int(t + n, MP_IOINT, MP_INT, irq, ioapic_id, irq == 0 ? 2 : irq);
        n += 8, count++;
    }
    mp_int(t + n, MP_LINT, MP_EXTINT, 0, 0xff, 0);
    n += 8, count++;
    mp_int(t + n, MP_LINT, MP_NMI, 0, 0xff, 1);
    n += 8, count++;
    memcpy(t, "PCMP", 4);
    uint16_t len = (uint16_t)n, cnt = (uint16_t)count;
    uint32_t lapic = (uint32_t)APIC_DEFAULT_BASE;
    memcpy(t + 4, &len, 2);
    t[6] = 4;                                       /* spec 1.4 */
    memcpy(t + 8, "TRIX    ", 8);
    memcpy(t + 16, "000000000000", 12);
    memcpy(t + 34, &cnt, 2);
    memcpy(t + 36, &lapic, 4);
    t[7] = mp_sum(t, n);
    uint8_t fp[16] = { '_', 'M', 'P', '_' };
    uint32_t cfg = (uint32_t)(MPTABLE_ADDR + 16);
    memcpy(fp + 4, &cfg, 4);
    fp[8] = 1;                                      /* 16-byte units */
    fp[9] = 4;
    fp[10] = mp_sum(fp, 16);
    ASSERT(16 + n <= 0x400);
    loader_write("MP table", "-", MPTABLE_ADDR, fp, 16);
    loader_write("MP table", "-", MPTABLE_ADDR + 16, t, n);
    xm->mptable = MPTABLE_ADDR;
}
