/* QEMU-style option strings: key=value lists with ",," escapes, typed getters, unknown-key refusal. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "trix/opts.h"

/* Split at single commas; ",," becomes a literal comma. Returns the next element (in place). */
static char *opts_next(char **cursor)
{
    char *s = *cursor, *w = s;
    if (!s)
        return NULL;
    for (char *r = s;; r++) {
        if (*r == ',' && r[1] == ',') {
            *w++ = ',';
            r++;
        } else if (*r == ',' || *r == '\0') {
            *cursor = *r ? r + 1 : NULL;
            *w = '\0';
            return s;
        } else {
            *w++ = *r;
        }
    }
}

static void opts_add(Opts *o, const char *key, const char *value)
{
    o->pairs = trix_realloc(o->pairs, sizeof(*o->pairs) * (o->n + 1));
    o->pairs[o->n++] = (OptPair){ trix_strdup(key), trix_strdup(value), false };
}

Opts *opts_parse(const char *what, const char *str, const char *implied_key)
{
    Opts *o = trix_malloc0(sizeof(*o));
    size_t wl = strlen(what) + strlen(str) + 2;
    o->what = trix_malloc0(wl);
    snprintf(o->what, wl, "%s %s", what, str);
    char *copy = trix_strdup(str), *cursor = copy;
    bool first = true;
    for (char *el; (el = opts_next(&cursor)); first = false) {
        if (!*el) {
            if (!cursor)
                break;      /* trailing comma */
            trix_fatal("%s: empty option", o->what);
        }
        char *eq = strchr(el, '=');
        if (eq == el)
            trix_fatal("%s: option '%s' has no name", o->what, el);
        if (eq) {
            *eq = '\0';
            opts_add(o, el, eq + 1);
        } else if (first && implied_key) {
            opts_add(o, implied_key, el);
        } else {
            opts_add(o, el, "on");   /* "server", "nowait" style flags */
        }
    }
    free(copy);
    return o;
}

void opts_free(Opts *o)
{
    if (!o)
        return;
    for (int i = 0; i < o->n; i++) {
        free(o->pairs[i].key);
        free(o->pairs[i].value);
    }
    free(o->pairs);
    free(o->what);
    free(o);
}

const char *opts_get(Opts *o, const char *key)
{
    const char *v = NULL;
    for (int i = 0; i < o->n; i++)
        if (!strcmp(o->pairs[i].key, key)) {
            o->pairs[i].used = true;
            v = o->pairs[i].value;
        }
    return v;
}

bool opts_has(const Opts *o, const char *key)
{
    for (int i = 0; i < o->n; i++)
        if (!strcmp(o->pairs[i].key, key))
            return true;
    return false;
}

bool opts_get_bool(Opts *o, const char *key, bool def)
{
    const char *v = opts_get(o, key);
    if (!v)
        return def;
    if (!strcmp(v, "on") || !strcmp(v, "yes") || !strcmp(v, "true"))
        return true;
    if (!strcmp(v, "off") || !strcmp(v, "no") || !strcmp(v, "false"))
        return false;
    trix_fatal("%s: '%s=%s': expected on or off", o->what, key, v);
}

bool opts_parse_size(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    if (!*s || *s == '-')
        return false;
    uint64_t v = strtoull(s, &end, 0);
    if (errno)
        return false;
    int shift = 0;
    switch (*end) {
    case 'k': case 'K': shift = 10; break;
    case 'm': case 'M': shift = 20; break;
    case 'g': case 'G': shift = 30; break;
    case 't': case 'T': shift = 40; break;
    case '\0': break;
    default: return false;
    }
    if (shift && (end[1] != '\0' && strcmp(end + 1, "B") && strcmp(end + 1, "iB")))
        return false;
    if (shift && v > (UINT64_MAX >> shift))
        return false;
    *out = v << shift;
    return true;
}

uint64_t opts_get_num(Opts *o, const char *key, uint64_t def)
{
    const char *v = opts_get(o, key);
    if (!v)
        return def;
    char *end;
    errno = 0;
    uint64_t n = strtoull(v, &end, 0);
    if (!*v || *v == '-' || *end || errno)
        trix_fatal("%s: '%s=%s': expected a number", o->what, key, v);
    return n;
}

uint64_t opts_get_size(Opts *o, const char *key, uint64_t def)
{
    const char *v = opts_get(o, key);
    uint64_t n;
    if (!v)
        return def;
    if (!opts_parse_size(v, &n))
        trix_fatal("%s: '%s=%s': expected a size (e.g. 512M, 4G)", o->what, key, v);
    return n;
}

void opts_finish(Opts *o)
{
    for (int i = 0; i < o->n; i++)
        if (!o->pairs[i].used)
            trix_fatal("%s: unknown or unsupported option '%s'", o->what, o->pairs[i].key);
}
