/* QEMU-style option strings ("name,key=value,flag=on"): parse, read typed values, refuse unknown keys. */
#ifndef TRIX_OPTS_H
#define TRIX_OPTS_H

#include "trix/common.h"

/*
 * An option string is a comma-separated list of key=value pairs; ",," stands for a literal
 * comma inside a value. The first element may omit "key=" when the caller names an implied
 * key ("virtio-blk-device,drive=d0" with implied key "driver"; "user,id=n0" with "type").
 * Every lookup marks the key as used; opts_finish() then refuses, by name, any key nobody
 * read, so that no option is silently dropped.
 */
typedef struct OptPair {
    char *key, *value;
    bool used;
} OptPair;

typedef struct Opts {
    char *what;             /* "-device virtio-blk-device,...": for error messages */
    int n;
    OptPair *pairs;
} Opts;

/* Parse str; a syntax error (empty key, missing '=' after the first element) is fatal and
 * names `what` (the option, e.g. "-drive"). implied_key may be NULL. */
Opts *opts_parse(const char *what, const char *str, const char *implied_key);
void opts_free(Opts *o);

/* The value of key (last one wins), NULL if absent; marks it used. */
const char *opts_get(Opts *o, const char *key);
/* on/off, yes/no, true/false (and a bare key in flag position: "server" means server=on). */
bool opts_get_bool(Opts *o, const char *key, bool def);
/* A number (decimal, 0x hex) or, for sizes, with a K/M/G/T suffix (binary units). */
uint64_t opts_get_num(Opts *o, const char *key, uint64_t def);
uint64_t opts_get_size(Opts *o, const char *key, uint64_t def);
bool opts_has(const Opts *o, const char *key);        /* does not mark it used */
/* Fatal ("-device foo,bar=1: unknown option 'bar'") if a key was never read. */
void opts_finish(Opts *o);

/* A size such as 512, 512M, 1G, 0x1000 (no suffix: bytes); false if malformed. */
bool opts_parse_size(const char *s, uint64_t *out);

#endif
