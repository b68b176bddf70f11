/* QMP protocol: message framing with a size cap, greeting, capabilities negotiation, dispatch. */
/*
 * Input bytes are framed into JSON values by tracking {}/[] depth outside strings, so values
 * need no newline between them. A value longer than QMP_MAX_MSG is dropped as it streams in
 * and answered with a GenericError; a byte that cannot start a value (outside any value) makes
 * the rest of its line an error, so garbage never wedges the session.
 */
#include <string.h>
#include <time.h>
#include "monitor.h"
#include "trix/common.h"

#define QMP_MAX_MSG (1 << 20)
#define QMP_MAX_SESSIONS 8

struct QmpSession {
    CharBackend *chr;
    GString *buf;
    int depth;
    bool in_str, esc, garbage, oversized;
    bool negotiated;
};

static void (*qmp_after)(void);   /* deferred effect of the current command (quit, reset) */

static QmpSession *qmp_sessions[QMP_MAX_SESSIONS];
static int qmp_nsessions;

static void qmp_send_node(QmpSession *s, JsonNode *node)
{
    char *text = json_to_string(node, FALSE);
    GString *line = g_string_new(text);
    g_string_append(line, "\r\n");
    chr_write(s->chr, (const uint8_t *)line->str, (int)line->len);
    g_string_free(line, TRUE);
    g_free(text);
}

static void qmp_reply(QmpSession *s, JsonNode *id, const char *key, JsonNode *val)
{
    JsonObject *o = json_object_new();
    json_object_set_member(o, key, val);
    if (id)
        json_object_set_member(o, "id", json_node_copy(id));
    JsonNode *n = json_node_init_object(json_node_alloc(), o);
    qmp_send_node(s, n);
    json_node_unref(n);
    json_object_unref(o);
}

static void qmp_error(QmpSession *s, JsonNode *id, const char *cls, const char *desc)
{
    JsonObject *e = json_object_new();
    json_object_set_string_member(e, "class", cls);
    json_object_set_string_member(e, "desc", desc);
    qmp_reply(s, id, "error", json_node_init_object(json_node_alloc(), e));
    json_object_unref(e);
}

void qmp_after_reply(QmpSession *s, void (*fn)(void))
{
    qmp_after = fn;
}

void qmp_run_after(void)
{
    void (*fn)(void) = qmp_after;
    qmp_after = NULL;
    if (fn)
        fn();
}

void qmp_send_event(const char *name, JsonNode *data)
{
    gint64 us = g_get_real_time();
    JsonObject *o = json_object_new(), *ts = json_object_new();
    json_object_set_int_member(ts, "seconds", us / 1000000);
    json_object_set_int_member(ts, "microseconds", us % 1000000);
    json_object_set_string_member(o, "event", name);
    if (data)
        json_object_set_member(o, "data", data);
    json_object_set_object_member(o, "timestamp", ts);
    JsonNode *n = json_node_init_object(json_node_alloc(), o);
    for (int i = 0; i < qmp_nsessions; i++)
        if (qmp_sessions[i]->negotiated)
            qmp_send_node(qmp_sessions[i], n);
    json_node_unref(n);
    json_object_unref(o);
}

static void qmp_greet(void *opaque)
{
    QmpSession *s = opaque;
    s->negotiated = false;
    g_string_truncate(s->buf, 0);
    s->depth = 0;
    s->in_str = s->esc = s->garbage = s->oversized = false;
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "QMP");
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "version");
    json_builder_add_value(b, qmp_version_node());
    json_builder_set_member_name(b, "capabilities");
    json_builder_begin_array(b);
    json_builder_end_array(b);
    json_builder_end_object(b);
    json_builder_end_object(b);
    JsonNode *n = json_builder_get_root(b);
    qmp_send_node(s, n);
    json_node_unref(n);
    g_object_unref(b);
}

/* Run one parsed request object. */
static void qmp_dispatch(QmpSession *s, JsonObject *req)
{
    JsonNode *id = json_object_get_member(req, "id");
    JsonNode *ex = json_object_get_member(req, "execute");
    JsonNode *an = json_object_get_member(req, "arguments");
    if (!ex || !JSON_NODE_HOLDS_VALUE(ex) || json_node_get_value_type(ex) != G_TYPE_STRING)
        return qmp_error(s, id, "GenericError", "QMP input lacks member 'execute'");
    if (an && !JSON_NODE_HOLDS_OBJECT(an))
        return qmp_error(s, id, "GenericError", "QMP input member 'arguments' must be an object");
    const char *name = json_node_get_string(ex);
    const QmpCommand *c = qmp_find_command(name);
    if (!c) {
        char *d = g_strdup_printf("The command %s has not been found", name);
        qmp_error(s, id, "CommandNotFound", d);
        g_free(d);
        return;
    }
    bool caps = !strcmp(name, "qmp_capabilities");
    if (caps == s->negotiated) {
        qmp_error(s, id, caps ? "CommandNotFound" : "CommandNotFound",
                  caps ? "Capabilities negotiation is already complete, command ignored"
                       : "Expecting capabilities negotiation with 'qmp_capabilities'");
        return;
    }
    JsonObject *args = an ? json_object_ref(json_node_get_object(an)) : json_object_new();
    char *err = NULL;
    JsonNode *ret = c->fn(s, args, &err);
    json_object_unref(args);
    if (err) {
        qmp_error(s, id, "GenericError", err);
        g_free(err);
        if (ret)
            json_node_unref(ret);
        return;
    }
    if (caps)
        s->negotiated = true;
    qmp_reply(s, id, "return", ret ? ret : json_node_init_object(json_node_alloc(),
                                                                 json_object_new()));
}

static void qmp_handle_message(QmpSession *s)
{
    GError *gerr = NULL;
    JsonParser *p = json_parser_new();
    if (!json_parser_load_from_data(p, s->buf->str, (gssize)s->buf->len, &gerr)) {
        char *d = g_strdup_printf("JSON parse error, %s", gerr ? gerr->message : "invalid");
        qmp_error(s, NULL, "GenericError", d);
        g_free(d);
        g_clear_error(&gerr);
    } else {
        JsonNode *root = json_parser_get_root(p);
        if (!root || !JSON_NODE_HOLDS_OBJECT(root))
            qmp_error(s, NULL, "GenericError", "QMP input must be a JSON object");
        else
            qmp_dispatch(s, json_node_get_object(root));
    }
    g_object_unref(p);
    qmp_run_after();
}

static void qmp_end_value(QmpSession *s)
{
    if (s->oversized)
        qmp_error(s, NULL, "GenericError", "JSON message too large (limit 1 MiB)");
    else
        qmp_handle_message(s);
    g_string_truncate(s->buf, 0);
    s->oversized = s->garbage = false;
}

static void qmp_keep(QmpSession *s, char ch)
{
    if (s->buf->len >= QMP_MAX_MSG) {
        s->oversized = true;
        g_string_truncate(s->buf, 0);
    }
    if (!s->oversized)
        g_string_append_c(s->buf, ch);
}

/* Frame one input byte. */
static void qmp_byte(QmpSession *s, char ch)
{
    if (s->garbage) {               /* skip to the end of the line, then report it */
        if (ch == '\n') {
            qmp_error(s, NULL, "GenericError", "JSON parse error, invalid input");
            s->garbage = false;
        }
        return;
    }
    if (s->depth == 0 && !s->in_str) {
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n')
            return;
        if (ch != '{' && ch != '[') {
            s->garbage = true;
            return;
        }
    }
    qmp_keep(s, ch);
    if (s->in_str) {
        if (s->esc)
            s->esc = false;
        else if (ch == '\\')
            s->esc = true;
        else if (ch == '"')
            s->in_str = false;
        return;
    }
    if (ch == '"')
        s->in_str = true;
    else if (ch == '{' || ch == '[')
        s->depth++;
    else if ((ch == '}' || ch == ']') && --s->depth == 0)
        qmp_end_value(s);
}

static void qmp_receive(void *opaque, const uint8_t *buf, int len)
{
    QmpSession *s = opaque;
    for (int i = 0; i < len; i++)
        qmp_byte(s, (char)buf[i]);
}

void qmp_start(CharBackend *chr)
{
    if (qmp_nsessions >= QMP_MAX_SESSIONS)
        trix_fatal("too many QMP monitors (at most %d)", QMP_MAX_SESSIONS);
    QmpSession *s = trix_malloc0(sizeof(*s));
    s->chr = chr;
    s->buf = g_string_new(NULL);
    qmp_sessions[qmp_nsessions++] = s;
    CharFrontend fe = { .receive = qmp_receive, .opaque = s, .connected = qmp_greet };
    chr_attach(chr, &fe);
}
