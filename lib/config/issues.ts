/**
 * Turns zod issues into lines a person can act on: the field, what was expected, what was
 * found, and how to fix it (including the default to fall back on, where there is one).
 */
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;
interface LooseDef {
  type: string;
  format?: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
}

const wrappers = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch', 'nonoptional']);

function unwrap(schema: z.ZodType): z.ZodType {
  let cur = schema;
  for (;;) {
    const def = cur._zod.def as unknown as LooseDef;
    if (!wrappers.has(def.type) || !def.innerType) return cur;
    cur = def.innerType;
  }
}

/** The definition of the (unwrapped) schema that validates the value at `path`. */
function defAt(schema: z.ZodType, path: readonly PropertyKey[]): LooseDef | undefined {
  let cur: z.ZodType | undefined = unwrap(schema);
  for (const key of path) {
    if (!cur) return undefined;
    const def = cur._zod.def as unknown as LooseDef;
    cur = def.type === 'array' ? def.element : def.shape?.[String(key)];
    if (cur) cur = unwrap(cur);
  }
  return cur?._zod.def;
}

/** The field names an object schema at `path` accepts (for "did you mean" on unknown fields). */
export function knownFieldsAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const shape = defAt(schema, path)?.shape;
  return shape ? Object.keys(shape) : [];
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  return out === '' ? '(top level)' : out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

function show(x: unknown): string {
  if (x === undefined) return 'nothing';
  const s = JSON.stringify(x);
  // JSON has no word for a function or a symbol; say which it was.
  if (s === undefined) return typeof x;
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

const article = (what: string): string => (what === 'int' ? 'an integer' : /^[aeiou]/.test(what) ? `an ${what}` : `a ${what}`);

function bound(issue: Issue & { code: 'too_small' | 'too_big' }, isInt: boolean): string {
  const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
  const op = issue.code === 'too_small' ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
  const dir = issue.code === 'too_small' ? 'at least' : 'at most';
  switch (issue.origin) {
    case 'array':
      return `${dir} ${String(limit)} item(s)`;
    case 'string':
      return `${dir} ${String(limit)} character(s)`;
    default:
      return `${isInt ? 'an integer' : 'a number'} ${op} ${String(limit)}`;
  }
}

/** What the field should have been, in words. */
function expectation(issue: Issue, isInt: boolean): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${article(issue.expected)}`;
    case 'too_small':
    case 'too_big':
      return `expected ${bound(issue, isInt)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      // Our custom and format messages already start with "expected ...".
      return issue.message;
  }
}

/** One line per issue: `path: expected …, got …. Fix: …`. */
export function describeIssue(issue: Issue, schema: z.ZodType, defaults: unknown): string {
  const where = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const known = knownFieldsAt(schema, issue.path);
    const fields = issue.keys.map((k) => (where === '(top level)' ? k : `${where}.${k}`)).join(', ');
    return `${fields}: unknown field(s). Fix: check the spelling or remove; ${where} accepts ${known.join(', ') || 'no fields'}.`;
  }
  const def = valueAt(defaults, issue.path);
  const got = 'input' in issue ? `, got ${show(issue.input)}` : '';
  const fallback = def === undefined ? 'or remove it (it is optional)' : `or remove it to use the default ${show(def)}`;
  // zod reports int bounds with origin "number"; the schema knows it is an integer.
  const isInt = defAt(schema, issue.path)?.format === 'safeint';
  return `${where}: ${expectation(issue, isInt)}${got}. Fix: set a valid value ${fallback}.`;
}
