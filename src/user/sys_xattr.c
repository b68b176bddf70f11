/* Extended attributes: the get/set/list/remove families on paths (following or not following
 * symlinks) and on file descriptors, passed through to the host. */
#include <sys/xattr.h>
#include "syscall_util.h"

/* Attribute names are strings; values and lists are guest buffers (size 0 asks the size). */
#define GNAME(var, g) GSTR(var, g)

static long sys_getxattr(const uint64_t *a)
{
    GPATH(path, a[0]);
    GNAME(name, a[1]);
    GBUF(buf, a[2], a[3], PAGE_WRITE);
    return HRET(getxattr(path, name, a[3] ? buf : NULL, a[3]));
}

static long sys_lgetxattr(const uint64_t *a)
{
    GPATH(path, a[0]);
    GNAME(name, a[1]);
    GBUF(buf, a[2], a[3], PAGE_WRITE);
    return HRET(lgetxattr(path, name, a[3] ? buf : NULL, a[3]));
}

static long sys_fgetxattr(const uint64_t *a)
{
    GNAME(name, a[1]);
    GBUF(buf, a[2], a[3], PAGE_WRITE);
    return HRET(fgetxattr((int)a[0], name, a[3] ? buf : NULL, a[3]));
}

static long sys_listxattr(const uint64_t *a)
{
    GPATH(path, a[0]);
    GBUF(buf, a[1], a[2], PAGE_WRITE);
    return HRET(listxattr(path, a[2] ? buf : NULL, a[2]));
}

static long sys_llistxattr(const uint64_t *a)
{
    GPATH(path, a[0]);
    GBUF(buf, a[1], a[2], PAGE_WRITE);
    return HRET(llistxattr(path, a[2] ? buf : NULL, a[2]));
}

static long sys_flistxattr(const uint64_t *a)
{
    GBUF(buf, a[1], a[2], PAGE_WRITE);
    return HRET(flistxattr((int)a[0], a[2] ? buf : NULL, a[2]));
}

static long sys_setxattr(const uint64_t *a)
{
    GPATH(path, a[0]);
    GNAME(name, a[1]);
    GBUF(buf, a[2], a[3], PAGE_READ);
    return HRET(setxattr(path, name, buf, a[3], (int)a[4]));
}

static long sys_lsetxattr(const uint64_t *a)
{
    GPATH(path, a[0]);
    GNAME(name, a[1]);
    GBUF(buf, a[2], a[3], PAGE_READ);
    return HRET(lsetxattr(path, name, buf, a[3], (int)a[4]));
}

static long sys_fsetxattr(const uint64_t *a)
{
    GNAME(name, a[1]);
    GBUF(buf, a[2], a[3], PAGE_READ);
    return HRET(fsetxattr((int)a[0], name, buf, a[3], (int)a[4]));
}

static long sys_removexattr(const uint64_t *a)
{
    GPATH(path, a[0]);
    GNAME(name, a[1]);
    return HRET(removexattr(path, name));
}

static long sys_lremovexattr(const uint64_t *a)
{
    GPATH(path, a[0]);
    GNAME(name, a[1]);
    return HRET(lremovexattr(path, name));
}

static long sys_fremovexattr(const uint64_t *a)
{
    GNAME(name, a[1]);
    return HRET(fremovexattr((int)a[0], name));
}

void sys_xattr_register(SysDef *tab)
{
    REG(getxattr, "sspd", 0);
    REG(lgetxattr, "sspd", 0);
    REG(fgetxattr, "dspd", 0);
    REG(listxattr, "spd", 0);
    REG(llistxattr, "spd", 0);
    REG(flistxattr, "dpd", 0);
    REG(setxattr, "sspdx", 0);
    REG(lsetxattr, "sspdx", 0);
    REG(fsetxattr, "dspdx", 0);
    REG(removexattr, "ss", 0);
    REG(lremovexattr, "ss", 0);
    REG(fremovexattr, "ds", 0);
}
