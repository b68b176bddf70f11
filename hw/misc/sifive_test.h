/* SiFive test finisher: guest writes end the run with a status or reset the machine. */
#ifndef TRIX_HW_SIFIVE_TEST_H
#define TRIX_HW_SIFIVE_TEST_H

#include "trix/hw.h"

#define SIFIVE_TEST_SIZE 0x1000
enum { SIFIVE_TEST_FAIL = 0x3333, SIFIVE_TEST_PASS = 0x5555, SIFIVE_TEST_RESET = 0x7777 };

void sifive_test_create(uint64_t base);
uint64_t sifive_test_read(void *opaque, uint64_t offset, unsigned size);
void sifive_test_write(void *opaque, uint64_t offset, uint64_t val, unsigned size);
/* The test node plus /poweroff and /reboot syscon nodes pointing at it. */
void sifive_test_fdt(void *fdt, const char *parent_path, uint64_t base);

#endif
