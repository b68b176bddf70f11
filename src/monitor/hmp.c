/* HMP: the human monitor (-monitor DEV): a line parser over the QMP command handlers. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "monitor.h"
#include "trix/common.h"
#include "trix/memory.h"

#define HMP_MAX_LINE 4096

typedef struct HmpSession {
    CharBackend *chr;
    GString *line;
    bool overlong, last_cr;
} HmpSession;

/* Call the QMP implementation of name; the result (or NULL with *err) for HMP to format. */
static JsonNode *hmp_call(const char *name, char **err)
{
    const QmpCommand *c = qmp_find_command(name);
    JsonObject *args = json_object_new();
    JsonNode *r = c->fn(NULL, args, err);
    json_object_unref(args);
    return r;
}

static void hmp_info(GString *out, const char *what)
{
    char *err = NULL;
    if (!strcmp(what, "status")) {
        JsonNode *r = hmp_call("query-status", &err);
        JsonObject *o = json_node_get_object(r);
        g_string_append_printf(out, "VM status: %s\n", json_object_get_string_member(o, "status"));
        json_node_unref(r);
    } else if (!strcmp(what, "version")) {
        g_string_append_printf(out, "%s (trix)\n", TRIX_VERSION);
    } else if (!strcmp(what, "cpus")) {
        JsonNode *r = hmp_call("query-cpus-fast", &err);
        JsonArray *a = json_node_get_array(r);
        for (guint i = 0; i < json_array_get_length(a); i++) {
            JsonObject *c = json_array_get_object_element(a, i);
            g_string_append_printf(out, "%s CPU #%" PRId64 ": thread_id=%" PRId64 "\n",
                                   i == 0 ? "*" : " ",
                                   json_object_get_int_member(c, "cpu-index"),
                                   json_object_get_int_member(c, "thread-id"));
        }
        json_node_unref(r);
    } else if (!strncmp(what, "registers", 9) && (!what[9] || what[9] == ' ')) {
        hmp_info_registers(out, what + 9 + strspn(what + 9, " "));
    } else if (!strcmp(what, "mtree")) {
        hmp_info_mtree(out);
    } else {
        g_string_append_printf(out, "info %s: unknown (try: info status|version|cpus|"
                               "registers|mtree)\n", what);
    }
    g_free(err);
}

static const char hmp_help_text[] =
    "help                  list the commands\n"
    "info status|version|cpus|mtree\n"
    "cpu N                 select hart N for info registers, x and memsave\n"
    "info registers [-a]   the selected hart's registers (-a: every hart)\n"
    "x /FMT ADDR           guest virtual memory (its MMU); FMT = [count][xduoci][bhwg]\n"
    "xp /FMT ADDR          guest physical memory\n"
    "stop, cont|c          pause / resume the machine\n"
    "system_reset          reset the machine\n"
    "system_powerdown      press the power button (needs -device virtio-keyboard-device)\n"
    "quit                  exit the emulator\n";

/* Run one command line, appending its output to out. */
void hmp_execute(const char *line, GString *out)
{
    while (*line == ' ')
        line++;
    size_t len = strcspn(line, " ");
    const char *rest = line + len + strspn(line + len, " ");
    char *err = NULL;
    if (len == 0)
        return;
    if (!strncmp(line, "help", len) || !strncmp(line, "?", len)) {
        g_string_append(out, hmp_help_text);
    } else if (!strncmp(line, "info", len) && len == 4) {
        hmp_info(out, rest);
    } else if (len == 3 && !strncmp(line, "cpu", 3)) {
        hmp_cpu(out, rest);
    } else if ((len == 2 && !strncmp(line, "xp", 2)) || (len == 1 && line[0] == 'x')) {
        hmp_memory_dump(out, len == 2 ? "xp" : "x", rest, len == 1);
    } else if ((len == 12 && !strncmp(line, "system_reset", len)) ||
               (len == 4 && !strncmp(line, "quit", len)) || (len == 1 && line[0] == 'q')) {
        JsonNode *r = hmp_call(line[0] == 's' ? "system_reset" : "quit", &err);
        if (r)
            json_node_unref(r);
        qmp_run_after();
    } else if ((len == 4 && !strncmp(line, "stop", 4)) || (len == 4 && !strncmp(line, "cont", 4))
               || (len == 1 && line[0] == 'c')) {
        JsonNode *r = hmp_call(line[0] == 's' ? "stop" : "cont", &err);
        if (r)
            json_node_unref(r);
        if (err)
            g_string_append_printf(out, "%s\n", err);
    } else if (len == 16 && !strncmp(line, "system_powerdown", len)) {
        hmp_call("system_powerdown", &err);
        qmp_run_after();
        if (err)
            g_string_append_printf(out, "%s\n", err);
    } else {
        g_string_append_printf(out, "unknown command: '%.*s'\n", (int)len, line);
    }
    g_free(err);
}

static void hmp_put(HmpSession *h, const char *s)
{
    chr_write(h->chr, (const uint8_t *)s, (int)strlen(s));
}

static void hmp_line(HmpSession *h)
{
    GString *out = g_string_new(NULL);
    if (h->overlong)
        g_string_append(out, "line too long; ignored\n");
    else
        hmp_execute(h->line->str, out);
    GString *o2 = g_string_new(NULL);
    for (gsize i = 0; i < out->len; i++) {
        if (out->str[i] == '\n')
            g_string_append_c(o2, '\r');
        g_string_append_c(o2, out->str[i]);
    }
    hmp_put(h, o2->str);
    hmp_put(h, "(trix) ");
    g_string_free(o2, TRUE);
    g_string_free(out, TRUE);
    g_string_truncate(h->line, 0);
    h->overlong = false;
}

static void hmp_receive(void *opaque, const uint8_t *buf, int len)
{
    HmpSession *h = opaque;
    for (int i = 0; i < len; i++) {
        char ch = (char)buf[i];
        bool cr_lf = ch == '\n' && h->last_cr;
        h->last_cr = ch == '\r';
        if (ch == '\n' || ch == '\r') {
            if (!cr_lf)
                hmp_line(h);
        } else if (h->line->len >= HMP_MAX_LINE) {
            h->overlong = true;
        } else if (ch >= ' ') {
            g_string_append_c(h->line, ch);
        }
    }
}

static void hmp_greet(void *opaque)
{
    HmpSession *h = opaque;
    g_string_truncate(h->line, 0);
    hmp_put(h, "Trix " TRIX_VERSION " monitor - type 'help' for more information\r\n(trix) ");
}

static HmpSession *hmp_new(CharBackend *chr, CharFrontend *fe)
{
    HmpSession *h = trix_malloc0(sizeof(*h));
    h->chr = chr;
    h->line = g_string_new(NULL);
    *fe = (CharFrontend){ .receive = hmp_receive, .opaque = h, .connected = hmp_greet };
    return h;
}

void hmp_start(CharBackend *chr)
{
    CharFrontend fe;
    hmp_new(chr, &fe);
    chr_attach(chr, &fe);
}

void hmp_start_mux(CharBackend *chr)
{
    CharFrontend fe;
    HmpSession *h = hmp_new(chr, &fe);
    if (!chr_attach_mux_monitor(chr, &fe)) {
        g_string_free(h->line, TRUE);
        free(h);
    }
}
