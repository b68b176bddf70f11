/* MC146818 CMOS RTC at ports 0x70/0x71: clock (BCD/binary, 12/24 h), IRQ 8, 128 bytes of CMOS. */
#ifndef TRIX_HW_MC146818_H
#define TRIX_HW_MC146818_H
/*
 * Time comes from clock_rtc_ns() (-rtc base=utc|localtime|DATE,clock=...) plus the offset
 * the guest sets by writing the clock with SET. Update-in-progress (register A bit 7) is
 * high for the last 244 us of each second; periodic (rate from register A), alarm and
 * update-ended interrupts are flagged in register C and raise `irq` (ISA IRQ 8) when
 * enabled in register B; reading C clears it. Port 0x70 bit 7 is the NMI mask (kept,
 * not acted on). The board fills the CMOS bytes BIOSes and Linux read:
 * mc146818_set_memory / mc146818_set_cmos.
 */
#include "trix/hw.h"

#define MC146818_PORT 0x70
#define MC146818_CMOS_SIZE 128

typedef struct MC146818State MC146818State;

/* Map ports base and base + 1 (0x70, 0x71); irq is ISA IRQ 8. Century byte at 0x32. */
MC146818State *mc146818_create(uint32_t base, IRQ irq);
MC146818State *mc146818_new(IRQ irq);               /* unmapped (tests) */
/* Port access by offset (0: index, 1: data), 1 byte. */
uint8_t mc146818_port_read(MC146818State *s, uint32_t offset);
void mc146818_port_write(MC146818State *s, uint32_t offset, uint8_t val);
/* CMOS RAM bytes the board sets (index 0x0e..0x7f; the clock registers are refused). */
void mc146818_set_cmos(MC146818State *s, int index, uint8_t val);
uint8_t mc146818_get_cmos(MC146818State *s, int index);
/* The memory-size bytes as QEMU's pc writes them: 0x15/0x16 base memory (640 KiB),
 * 0x17/0x18 and 0x30/0x31 KiB above 1 MiB (max 0xffff), 0x34/0x35 64 KiB units above
 * 16 MiB below 4 GiB, 0x5b-0x5d 64 KiB units above 4 GiB, 0x5f the CPU count - 1. */
void mc146818_set_memory(MC146818State *s, uint64_t below_4g, uint64_t above_4g, int ncpus);
/* Machine reset: registers B/C as after power-on (interrupts off, flags clear); the time
 * and the CMOS RAM are kept. */
void mc146818_reset(MC146818State *s);
/* The guest-visible time in seconds since the epoch (tests). */
int64_t mc146818_time(MC146818State *s);

#endif
