#!/usr/bin/env python3
"""Compiles instruction pattern files (docs/decode-format.md) into a C switch decoder."""

import argparse
import re
import sys

IDENT = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*$')
INLINE_FIELD = re.compile(r'^([A-Za-z_][A-Za-z0-9_]*):(s?)([0-9]+)$')
SEGMENT = re.compile(r'^([0-9]+):(s?)([0-9]+)$')
BIT_CHARS = re.compile(r'^[01.\-]+$')


class DecodeError(Exception):
    def __init__(self, where, msg):
        super().__init__(msg)
        self.where = where
        self.msg = msg


class Field:
    """A named (or inline) field: segments (pos, len, signed) MSB first, optional function."""

    def __init__(self, name, segments, func, where):
        self.name = name
        self.segments = segments
        self.func = func
        self.where = where

    def mask(self):
        m = 0
        for pos, length, _ in self.segments:
            m |= ((1 << length) - 1) << pos
        return m


class Argset:
    def __init__(self, name, args, where, implicit=False):
        self.name = name
        self.args = args
        self.where = where
        self.implicit = implicit


class Spec:
    """Common part of formats and patterns: fixed bits, argument set and assignments."""

    def __init__(self, name, where):
        self.name = name
        self.where = where
        self.fixedmask = 0
        self.fixedbits = 0
        self.argset = None       # Argset or None
        self.assigns = {}        # arg name -> Field or int, in assignment order
        self.fmt = None


class Group:
    def __init__(self, where):
        self.where = where
        self.items = []

    def members(self):
        for it in self.items:
            if isinstance(it, Group):
                yield from it.members()
            else:
                yield it


def item_mask_bits(item):
    """Bits fixed (to the same value) by every pattern of an item."""
    if not isinstance(item, Group):
        return item.fixedmask, item.fixedbits
    mask, bits, first = 0, 0, True
    for p in item.members():
        if first:
            mask, bits, first = p.fixedmask, p.fixedbits, False
        else:
            mask &= p.fixedmask & ~(p.fixedbits ^ bits)
    return mask, bits & mask


class Parser:
    def __init__(self, width):
        self.width = width
        self.fields = {}
        self.argsets = {}
        self.formats = {}
        self.top = Group(None)
        self.stack = [self.top]

    def error(self, where, msg):
        raise DecodeError(where, msg)

    # ---- lines ----
    def parse_file(self, path):
        try:
            with open(path) as f:
                raw = f.read().split('\n')
        except OSError as e:
            raise DecodeError((path, 0), 'cannot read: %s' % e.strerror)
        pending, start = '', 0
        for n, line in enumerate(raw, 1):
            line = line.split('#', 1)[0].rstrip()
            if not pending:
                start = n
            if line.endswith('\\'):
                pending += line[:-1] + ' '
                continue
            text = pending + line
            pending = ''
            if text.strip():
                self.parse_line((path, start), text.split())
        if pending.strip():
            self.parse_line((path, start), pending.split())

    def parse_line(self, where, toks):
        head = toks[0]
        if head == '{':
            if len(toks) != 1:
                self.error(where, "'{' must be alone on its line")
            g = Group(where)
            self.stack[-1].items.append(g)
            self.stack.append(g)
        elif head == '}':
            if len(toks) != 1:
                self.error(where, "'}' must be alone on its line")
            if len(self.stack) == 1:
                self.error(where, "'}' without matching '{'")
            self.stack.pop()
        elif head.startswith('%'):
            self.parse_field(where, head[1:], toks[1:])
        elif head.startswith('&'):
            self.parse_argset(where, head[1:], toks[1:])
        elif head.startswith('@'):
            self.parse_format(where, head[1:], toks[1:])
        else:
            self.parse_pattern(where, head, toks[1:])

    def check_name(self, where, name, what):
        if not IDENT.match(name):
            self.error(where, 'invalid %s name "%s"' % (what, name))

    def parse_field(self, where, name, toks):
        self.check_name(where, name, 'field')
        if name in self.fields:
            self.error(where, 'duplicate field %%%s' % name)
        segs, func = [], None
        for t in toks:
            if t.startswith('!function='):
                func = t[len('!function='):]
                self.check_name(where, func, 'function')
                continue
            m = SEGMENT.match(t)
            if not m:
                self.error(where, 'invalid field segment "%s"' % t)
            pos, signed, length = int(m.group(1)), m.group(2) == 's', int(m.group(3))
            if length == 0 or pos + length > self.width:
                self.error(where, 'field segment %s outside the %d-bit instruction'
                           % (t, self.width))
            if signed and segs:
                self.error(where, 'only the first segment of a field may be signed')
            segs.append((pos, length, signed))
        if not segs and func is None:
            self.error(where, 'field %%%s has no segments and no !function' % name)
        f = Field(name, segs, func, where)
        if segs and self.overlapping_segments(segs):
            self.error(where, 'segments of field %%%s overlap each other' % name)
        self.fields[name] = f

    @staticmethod
    def overlapping_segments(segs):
        seen = 0
        for pos, length, _ in segs:
            m = ((1 << length) - 1) << pos
            if seen & m:
                return True
            seen |= m
        return False

    def parse_argset(self, where, name, toks):
        self.check_name(where, name, 'argument set')
        old = self.argsets.get(name)
        if old is not None and not (old.implicit and old.args == list(toks)):
            self.error(where, 'duplicate argument set &%s' % name)
        for t in toks:
            self.check_name(where, t, 'argument')
        if len(set(toks)) != len(toks):
            self.error(where, 'argument set &%s names an argument twice' % name)
        self.argsets[name] = Argset(name, list(toks), where)

    def parse_format(self, where, name, toks):
        self.check_name(where, name, 'format')
        if name in self.formats:
            self.error(where, 'duplicate format @%s' % name)
        spec = Spec(name, where)
        self.parse_spec(where, spec, toks, allow_format=False)
        if spec.argset is None:
            spec.argset = self.implicit_argset(where, name, list(spec.assigns))
        self.check_args_in_set(where, spec)
        self.formats[name] = spec

    def parse_pattern(self, where, name, toks):
        self.check_name(where, name, 'pattern')
        spec = Spec(name, where)
        self.parse_spec(where, spec, toks, allow_format=True)
        if spec.argset is None:
            if spec.fmt is not None:
                spec.argset = spec.fmt.argset
            elif not spec.assigns:
                spec.argset = self.implicit_argset(where, 'empty', [])
            else:
                spec.argset = self.implicit_argset(where, name, list(spec.assigns))
        self.check_args_in_set(where, spec)
        for a in spec.argset.args:
            if a not in spec.assigns:
                self.error(where, 'argument %s of &%s is not assigned' % (a, spec.argset.name))
        self.stack[-1].items.append(spec)

    def implicit_argset(self, where, name, args):
        old = self.argsets.get(name)
        if old is None:
            old = Argset(name, args, where, implicit=True)
            self.argsets[name] = old
        elif old.args != args:
            self.error(where, 'implied argument set &%s (%s) differs from an earlier one (%s)'
                       % (name, ' '.join(args), ' '.join(old.args)))
        return old

    def check_args_in_set(self, where, spec):
        for a in spec.assigns:
            if a not in spec.argset.args:
                self.error(where, 'argument %s is not in argument set &%s' % (a, spec.argset.name))

    # ---- bits and assignments ----
    def parse_spec(self, where, spec, toks, allow_format):
        pos = self.width
        own = {}
        fmt_tok = None
        set_tok = None
        for t in toks:
            if t.startswith('@'):
                if not allow_format:
                    self.error(where, 'a format cannot name another format')
                if fmt_tok is not None:
                    self.error(where, 'more than one format named')
                fmt_tok = t[1:]
                if fmt_tok not in self.formats:
                    self.error(where, 'unknown format @%s' % fmt_tok)
            elif t.startswith('&'):
                if set_tok is not None:
                    self.error(where, 'more than one argument set named')
                set_tok = t[1:]
                if set_tok not in self.argsets:
                    self.error(where, 'unknown argument set &%s' % set_tok)
            elif t.startswith('%') or '=' in t:
                arg, val = self.parse_assign(where, t)
                if arg in own:
                    self.error(where, 'argument %s assigned twice' % arg)
                own[arg] = val
            elif BIT_CHARS.match(t):
                for ch in t:
                    pos -= 1
                    if pos < 0:
                        continue
                    if ch in '01':
                        spec.fixedmask |= 1 << pos
                        spec.fixedbits |= int(ch) << pos
            elif INLINE_FIELD.match(t):
                m = INLINE_FIELD.match(t)
                length = int(m.group(3))
                pos -= length
                if length == 0:
                    self.error(where, 'inline field %s has no bits' % t)
                if pos >= 0:
                    arg = m.group(1)
                    if arg in own:
                        self.error(where, 'argument %s assigned twice' % arg)
                    own[arg] = Field(arg, [(pos, length, m.group(2) == 's')], None, where)
            else:
                self.error(where, 'invalid token "%s"' % t)
        if pos != 0:
            self.error(where, 'bits add up to %d, expected %d' % (self.width - pos, self.width))
        if fmt_tok is not None:
            fmt = self.formats[fmt_tok]
            spec.fmt = fmt
            if (fmt.fixedmask & spec.fixedmask) & (fmt.fixedbits ^ spec.fixedbits):
                self.error(where, 'fixed bits conflict with format @%s' % fmt_tok)
            spec.fixedmask |= fmt.fixedmask
            spec.fixedbits |= fmt.fixedbits
            spec.argset = fmt.argset
            spec.assigns = dict(fmt.assigns)
        if set_tok is not None:
            spec.argset = self.argsets[set_tok]
        spec.assigns.update(own)
        for arg, val in spec.assigns.items():
            if isinstance(val, Field) and val.mask() & spec.fixedmask:
                self.error(where, 'field for argument %s overlaps fixed bits' % arg)

    def parse_assign(self, where, t):
        if t.startswith('%'):
            name = t[1:]
            return name, self.lookup_field(where, name)
        arg, val = t.split('=', 1)
        self.check_name(where, arg, 'argument')
        if val.startswith('%'):
            return arg, self.lookup_field(where, val[1:])
        try:
            return arg, int(val, 0)
        except ValueError:
            self.error(where, 'invalid value "%s" for argument %s' % (val, arg))

    def lookup_field(self, where, name):
        if name not in self.fields:
            self.error(where, 'unknown field %%%s' % name)
        return self.fields[name]

    # ---- checks after all files ----
    def finish(self):
        if len(self.stack) > 1:
            self.error(self.stack[-1].where, "unterminated group: '{' without '}'")
        self.check_overlaps(self.top.items)

    def check_overlaps(self, items):
        mb = [item_mask_bits(it) for it in items]
        for j in range(len(items)):
            mj, bj = mb[j]
            for i in range(j):
                mi, bi = mb[i]
                if (mi & mj) & (bi ^ bj) == 0:
                    a = self.describe(items[i])
                    self.error(self.where_of(items[j]), '%s overlaps %s (line %d) outside a group'
                               % (self.describe(items[j]), a, self.where_of(items[i])[1]))

    @staticmethod
    def where_of(item):
        return item.where

    @staticmethod
    def describe(item):
        return 'group' if isinstance(item, Group) else 'pattern %s' % item.name


class Emitter:
    def __init__(self, parser, decode, width, sources):
        self.p = parser
        self.decode = decode
        self.width = width
        self.sources = sources
        self.out = []
        self.extractors = {}     # key -> function name
        self.extract_defs = []
        self.used_sets = []

    def w(self, line=''):
        self.out.append(line)

    def hexw(self, v):
        return '0x%0*x' % (self.width // 4, v)

    def field_expr(self, f):
        parts, shift = [], 0
        for pos, length, signed in reversed(f.segments):
            fn = 'dt_sextract32' if signed else 'dt_extract32'
            term = '(uint32_t)%s(insn, %d, %d)' % (fn, pos, length)
            parts.append(term if shift == 0 else '(%s << %d)' % (term, shift))
            shift += length
        if not parts:
            expr = '0'
        elif len(parts) == 1:
            expr = '(int)%s' % parts[0][len('(uint32_t)'):]
        else:
            expr = '(int)(%s)' % ' | '.join(reversed(parts))
        if f.func:
            expr = '%s(ctx, %s)' % (f.func, expr)
        return expr

    def extractor(self, spec):
        key = (spec.argset.name, tuple((a, self.value_key(v)) for a, v in
                                       sorted(spec.assigns.items())))
        if key in self.extractors:
            return self.extractors[key]
        base = spec.fmt.name if spec.fmt is not None and spec.assigns == spec.fmt.assigns \
            else spec.name
        name = '%s_extract_%s' % (self.decode, base)
        taken = set(self.extractors.values())
        n = 2
        while name in taken:
            name = '%s_extract_%s_%d' % (self.decode, base, n)
            n += 1
        self.extractors[key] = name
        body = []
        for a in spec.argset.args:
            v = spec.assigns[a]
            body.append('    a->%s = %s;' % (a, v if isinstance(v, int) else self.field_expr(v)))
        self.extract_defs.append(
            'static inline void %s(DisasContext *ctx, arg_%s *a, uint32_t insn)\n{\n%s%s}\n'
            % (name, spec.argset.name,
               '    (void)ctx;\n    (void)a;\n    (void)insn;\n',
               ''.join(b + '\n' for b in body)))
        return name

    @staticmethod
    def value_key(v):
        return ('c', v) if isinstance(v, int) else ('f', tuple(v.segments), v.func)

    # ---- dispatch ----
    def emit_items(self, items, known, ind):
        if len(items) == 1:
            self.emit_item(items[0], known, ind)
            return
        mbs = [item_mask_bits(it) for it in items]
        common = ~known & ((1 << self.width) - 1)
        for m, _ in mbs:
            common &= m
        if common == 0:
            for it in items:
                self.emit_item(it, known, ind)
            return
        cases = {}
        for it, (m, b) in zip(items, mbs):
            cases.setdefault(b & common, []).append(it)
        pad = '    ' * ind
        self.w('%sswitch (insn & %s) {' % (pad, self.hexw(common)))
        for val in sorted(cases):
            self.w('%scase %s:' % (pad, self.hexw(val)))
            self.emit_items(cases[val], known | common, ind + 1)
            self.w('%s    break;' % pad)
        self.w('%s}' % pad)

    def emit_item(self, item, known, ind):
        if isinstance(item, Group):
            for it in item.items:
                self.emit_item(it, known, ind)
            return
        pad = '    ' * ind
        m = item.fixedmask & ~known
        if m:
            self.w('%sif ((insn & %s) == %s) {' % (pad, self.hexw(m),
                                                   self.hexw(item.fixedbits & m)))
        else:
            self.w('%s{' % pad)
        fn = self.extractor(item)
        self.w('%s    arg_%s a;' % (pad, item.argset.name))
        self.w('%s    %s(ctx, &a, insn);' % (pad, fn))
        self.w('%s    if (trans_%s(ctx, &a))' % (pad, item.name))
        self.w('%s        return true;' % pad)
        self.w('%s}' % pad)

    # ---- whole file ----
    def run(self):
        body_start = len(self.out)
        self.emit_items(self.p.top.items, 0, 1) if self.p.top.items else None
        body = self.out[body_start:]
        self.out = self.out[:body_start]

        self.w('/* Generated by tools/decodetree.py from %s; do not edit. */' %
               ' '.join(self.sources))
        self.w('#ifndef DECODETREE_HELPERS_DEFINED')
        self.w('#define DECODETREE_HELPERS_DEFINED')
        self.w('static inline uint32_t dt_extract32(uint32_t v, int pos, int len)')
        self.w('{')
        self.w('    return (v >> pos) & (uint32_t)((1ull << len) - 1);')
        self.w('}')
        self.w('static inline int32_t dt_sextract32(uint32_t v, int pos, int len)')
        self.w('{')
        self.w('    return (int32_t)(v << (32 - pos - len)) >> (32 - len);')
        self.w('}')
        self.w('#endif')
        self.w()
        self.emit_argsets()
        names = []
        for p in self.all_patterns(self.p.top):
            sig = (p.name, p.argset.name)
            if sig not in names:
                names.append(sig)
        for name, aset in names:
            self.w('static bool trans_%s(DisasContext *ctx, arg_%s *a);' % (name, aset))
        self.w()
        for d in self.extract_defs:
            self.w(d)
        self.w('static bool %s(DisasContext *ctx, uint32_t insn)' % self.decode)
        self.w('{')
        self.out.extend(body)
        self.w('    return false;')
        self.w('}')
        return '\n'.join(self.out) + '\n'

    def all_patterns(self, group):
        return list(group.members())

    def emit_argsets(self):
        used = []
        for p in self.all_patterns(self.p.top):
            if p.argset not in used:
                used.append(p.argset)
        for s in self.p.argsets.values():
            if s not in used and not s.implicit:
                used.append(s)
        for s in used:
            sig = 'ARGSET_SIG_%s__%s' % (s.name, '_'.join(s.args))
            self.w('#ifndef ARGSET_%s_DEFINED' % s.name)
            self.w('#define ARGSET_%s_DEFINED' % s.name)
            members = ''.join(' int %s;' % a for a in s.args)
            self.w('typedef struct {%s } arg_%s;' % (members, s.name))
            self.w('enum { %s = 1 };' % sig)
            self.w('#else')
            self.w('_Static_assert(%s, "argument set &%s differs between decoders");'
                   % (sig, s.name))
            self.w('#endif')
        self.w()


def main():
    ap = argparse.ArgumentParser(description='Compile .decode pattern files to a C decoder.')
    ap.add_argument('--decode', required=True, help='name of the generated decode function')
    ap.add_argument('--width', type=int, choices=(16, 32), required=True)
    ap.add_argument('-o', dest='output', required=True)
    ap.add_argument('files', nargs='+')
    opts = ap.parse_args()
    parser = Parser(opts.width)
    try:
        for f in opts.files:
            parser.parse_file(f)
        parser.finish()
        text = Emitter(parser, opts.decode, opts.width, opts.files).run()
    except DecodeError as e:
        sys.stderr.write('%s:%d: error: %s\n' % (e.where[0], e.where[1], e.msg))
        return 1
    with open(opts.output, 'w') as f:
        f.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
