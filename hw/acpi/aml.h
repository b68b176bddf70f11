/* A small AML writer: names, integers, strings, scopes/devices/methods, fields, resource templates. */
#ifndef TRIX_HW_ACPI_AML_H
#define TRIX_HW_ACPI_AML_H
/*
 * AML (ACPI 6.x, chapter 20) is a byte code. Every construct is appended to an Aml buffer;
 * the ones with a PkgLength (Scope, Device, Method, If, Package, Buffer, Field) take their
 * body as another Aml, built first and consumed (freed) by the call. Names are ASL-style
 * strings: "PWRB", "_SB_.PCI0", "\\_SB_" (segments shorter than 4 are padded with '_').
 */
#include <glib.h>
#include "trix/common.h"

typedef GByteArray Aml;

Aml *aml_new(void);
void aml_free(Aml *a);
void aml_bytes(Aml *a, const void *p, size_t n);
void aml_byte(Aml *a, uint8_t b);
void aml_append(Aml *a, Aml *child);            /* consumes child */

/* ---- data ---- */
void aml_name(Aml *a, const char *name);        /* a NameString */
void aml_int(Aml *a, uint64_t v);               /* Zero/One/Ones or the smallest prefix */
void aml_string(Aml *a, const char *s);
uint32_t aml_eisaid(const char *id);            /* "PNP0501" -> the compressed EISA id */
void aml_package(Aml *a, Aml *elements, int count);
void aml_buffer(Aml *a, Aml *bytes);            /* Buffer(n) { bytes } */

/* ---- named objects ---- */
void aml_name_decl(Aml *a, const char *name, Aml *value);   /* Name(name, value) */
void aml_name_int(Aml *a, const char *name, uint64_t v);
void aml_name_str(Aml *a, const char *name, const char *s);
void aml_name_eisaid(Aml *a, const char *name, const char *id);
void aml_scope(Aml *a, const char *name, Aml *body);
void aml_device(Aml *a, const char *name, Aml *body);
void aml_method(Aml *a, const char *name, int nargs, bool serialized, Aml *body);
enum { AML_SYSTEM_MEMORY = 0, AML_SYSTEM_IO = 1 };
void aml_opregion(Aml *a, const char *name, int space, uint64_t offset, uint64_t len);
/* Field(region, DWordAcc, NoLock, WriteAsZeros) with the given 32-bit fields. */
void aml_field_dwords(Aml *a, const char *region, const char *const *fields, int n);

/* ---- statements (terms appended to a method body) ---- */
enum { AML_LOCAL0 = 0x60, AML_ARG0 = 0x68 };
void aml_store_name_local(Aml *a, const char *name, int local);  /* Store(name, LocalN) */
/* If ((LocalN & mask) == mask) { Notify(target, value) } */
void aml_if_bits_notify(Aml *a, int local, uint64_t mask, const char *target, uint8_t value);
void aml_return_int(Aml *a, uint64_t v);

/* ---- resource descriptors (into a buffer that aml_crs wraps) ---- */
void aml_res_io(Aml *r, uint16_t base, uint8_t len);            /* IO(Decode16, ...) */
void aml_res_irq_noflags(Aml *r, int irq);                      /* IRQNoFlags() {irq} */
void aml_res_mem32_fixed(Aml *r, uint32_t base, uint32_t len, bool rw);
/* Interrupt(ResourceConsumer, level/edge, ActiveHigh, Exclusive) {gsi} */
void aml_res_interrupt(Aml *r, uint32_t gsi, bool level);
void aml_res_word_bus(Aml *r, uint16_t min, uint16_t max);
void aml_res_word_io(Aml *r, uint16_t min, uint16_t max);
void aml_res_dword_mem(Aml *r, uint32_t min, uint32_t max);
void aml_res_qword_mem(Aml *r, uint64_t min, uint64_t max);
/* Name(_CRS, ResourceTemplate() { r }) with the end tag added. */
void aml_crs(Aml *a, Aml *r);

#endif
