/* riscv64 -cpu properties: the extension switches, their dependencies, misa and riscv,isa. */
#include <stdio.h>
#include <string.h>
#include "cpu.h"

uint32_t rv_ext_config = RV_EXT_DEFAULT;

/* What a property may do: toggle, only be on (required), or only be off (not implemented). */
enum { RV_PROP_TOGGLE, RV_PROP_ALWAYS_ON, RV_PROP_ALWAYS_OFF };

typedef struct RVExtProp {
    const char *name;
    uint32_t bit;               /* RV_EXT_*; 0 for the ones trix does not implement */
    int kind;
    const char *desc;
} RVExtProp;

/* In riscv,isa order: single letters first, then the Z extensions, then the S ones. */
static const RVExtProp rv_ext_props[] = {
    { "i", RV_EXT_I, RV_PROP_ALWAYS_ON, "base integer ISA (required: RV64E is not implemented)" },
    { "m", RV_EXT_M, RV_PROP_TOGGLE, "integer multiply and divide" },
    { "a", RV_EXT_A, RV_PROP_TOGGLE, "atomics (LR/SC, AMOs)" },
    { "f", RV_EXT_F, RV_PROP_TOGGLE, "single-precision FP (needs zicsr)" },
    { "d", RV_EXT_D, RV_PROP_TOGGLE, "double-precision FP (needs f)" },
    { "c", RV_EXT_C, RV_PROP_TOGGLE, "compressed instructions" },
    { "v", 0, RV_PROP_ALWAYS_OFF, "vector (not implemented)" },
    { "h", 0, RV_PROP_ALWAYS_OFF, "hypervisor (not implemented)" },
    { "zicsr", RV_EXT_ZICSR, RV_PROP_TOGGLE, "CSR instructions" },
    { "zifencei", RV_EXT_ZIFENCEI, RV_PROP_TOGGLE, "fence.i" },
    { "zicond", RV_EXT_ZICOND, RV_PROP_TOGGLE, "czero.eqz/czero.nez" },
    { "zba", RV_EXT_ZBA, RV_PROP_TOGGLE, "address generation" },
    { "zbb", RV_EXT_ZBB, RV_PROP_TOGGLE, "basic bit manipulation" },
    { "zbc", RV_EXT_ZBC, RV_PROP_TOGGLE, "carry-less multiply" },
    { "zbs", RV_EXT_ZBS, RV_PROP_TOGGLE, "single-bit instructions" },
    { "s", RV_EXT_S, RV_PROP_ALWAYS_ON, "supervisor mode (cannot be switched off)" },
    { "u", RV_EXT_U, RV_PROP_ALWAYS_ON, "user mode (cannot be switched off)" },
    { "sstc", RV_EXT_SSTC, RV_PROP_TOGGLE, "supervisor timer compare (stimecmp)" },
    { NULL, 0, 0, NULL },
};

static bool rv_prop_bool(const char *value, bool *on)
{
    static const char *const yes[] = { "on", "true", "yes", NULL }, *const no[] = { "off",
        "false", "no", NULL };
    for (int i = 0; yes[i]; i++) {
        if (!strcmp(value, yes[i]))
            return *on = true;
        if (!strcmp(value, no[i]))
            return !(*on = false);
    }
    return false;
}

/* NULL when accepted, else why not (a static string). name NULL: the defaults again. */
const char *rv_cpu_set_prop(const char *name, const char *value)
{
    static char msg[160];
    if (!name) {
        rv_ext_config = RV_EXT_DEFAULT;
        return NULL;
    }
    const RVExtProp *p = rv_ext_props;
    while (p->name && strcmp(p->name, name))
        p++;
    if (!p->name)
        return "property not found";
    bool on;
    if (!rv_prop_bool(value ? value : "on", &on)) {
        snprintf(msg, sizeof(msg), "'%s' is not a boolean (on|off)", value);
        return msg;
    }
    if (p->kind == RV_PROP_ALWAYS_OFF && on)
        return "extension not supported by trix";
    if (p->kind == RV_PROP_ALWAYS_ON && !on)
        return "cannot be switched off in trix";
    rv_ext_config = on ? rv_ext_config | p->bit : rv_ext_config & ~p->bit;
    return NULL;
}

/* After all properties: the dependencies between extensions (as the ISA manual states). */
const char *rv_cpu_props_check(void)
{
    uint32_t e = rv_ext_config;
    if ((e & RV_EXT_D) && !(e & RV_EXT_F))
        return "D extension requires F extension";
    if ((e & RV_EXT_F) && !(e & RV_EXT_ZICSR))
        return "F extension requires Zicsr";
    return NULL;
}

void rv_cpu_props_list(FILE *f)
{
    fprintf(f, "Properties of rv64 (-cpu rv64,NAME=on|off):\n");
    for (const RVExtProp *p = rv_ext_props; p->name; p++)
        fprintf(f, "  %-9s %-4s %s\n", p->name,
                p->bit && (RV_EXT_DEFAULT & p->bit) ? "on" : "off", p->desc);
}

uint64_t rv_misa_of(uint32_t ext)
{
    uint64_t misa = 2ull << 62;
    for (const RVExtProp *p = rv_ext_props; p->name; p++)
        if (!p->name[1] && (ext & p->bit))
            misa |= 1ull << (p->name[0] - 'a');
    return misa;
}

/* The device tree's riscv,isa: "rv64imafdc_zicsr_..._sstc" for the enabled set. */
void rv_isa_string(char *buf, size_t len, uint32_t ext)
{
    size_t n = (size_t)snprintf(buf, len, "rv64");
    for (const RVExtProp *p = rv_ext_props; p->name && n < len; p++)
        if ((ext & p->bit) && p->bit != RV_EXT_S && p->bit != RV_EXT_U)
            n += (size_t)snprintf(buf + n, len - n, "%s%s", p->name[1] ? "_" : "", p->name);
}
