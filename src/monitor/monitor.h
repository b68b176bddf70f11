/* Internal interface of the QMP monitor (src/monitor/): sessions, replies, the command table. */
#ifndef TRIX_MONITOR_H
#define TRIX_MONITOR_H

#include <json-glib/json-glib.h>
#include "trix/hw.h"
#include "trix/exec.h"

typedef struct QmpSession QmpSession;

/* A command handler: args is the "arguments" object (never NULL). It returns the "return"
 * value (a new node; NULL means {}), or sets *err to a GenericError description. */
typedef JsonNode *(*QmpHandler)(QmpSession *s, JsonObject *args, char **err);

typedef struct QmpCommand {
    const char *name;
    QmpHandler fn;
} QmpCommand;

extern const QmpCommand qmp_commands[];

JsonNode *qmp_version_node(void);                        /* query-version's value */
void qmp_cmds_init(void);                                  /* run-state events */
const QmpCommand *qmp_find_command(const char *name);
void qmp_send_event(const char *name, JsonNode *data);     /* to every session; takes data */
void qmp_after_reply(QmpSession *s, void (*fn)(void));     /* run fn once the reply is out */
void qmp_run_after(void);                                  /* ... now */

/* Start a QMP session on a character backend (from -qmp or -mon mode=control). */
void qmp_start(CharBackend *chr);

/* hmp.c: run one HMP command line into out; start an HMP session (-monitor DEV). */
void hmp_execute(const char *line, GString *out);
void hmp_start(CharBackend *chr);
void hmp_start_mux(CharBackend *chr);     /* behind C-a c, when chr is mon:stdio */

/* hmp_info.c */
CPUState *monitor_cpu(int index);      /* hart index, or -1: the one `cpu N` selected; or NULL */
bool monitor_virt_read(CPUState *cpu, uint64_t vaddr, void *buf, uint64_t len);  /* its MMU */
void hmp_cpu(GString *out, const char *args);
void hmp_info_registers(GString *out, const char *args);
void hmp_info_mtree(GString *out);
void hmp_memory_dump(GString *out, const char *cmd, const char *args, bool virt);

#endif
