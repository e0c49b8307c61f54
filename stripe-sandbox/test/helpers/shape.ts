/**
 * Key/type comparison of a sandbox object against Stripe's example object (openapi fixtures3.json).
 *
 * Rules:
 * - every key of the example must be present in the sandbox object (extra sandbox keys are allowed:
 *   the examples are a snapshot and omit newer or optional fields);
 * - value kinds (string, number, boolean, array, object, null) must agree, except that null is
 *   compatible with anything (nullable fields), and a string ID is compatible with an object that has
 *   an `id` (expandable fields, expanded on one side only);
 * - objects are compared recursively, except free-form maps (metadata and the like), whose keys are data;
 * - arrays compare their first elements when both are non-empty;
 * - an example `{}` places no requirement (some examples use it for nullable hashes).
 */
export interface ShapeMismatch {
  path: string;
  problem: string;
}

const FREE_FORM = new Set(['metadata', 'previous_attributes', 'features', 'invoice_settings.custom_fields']);

type Kind = 'string' | 'number' | 'boolean' | 'array' | 'object' | 'null' | 'undefined';

function kindOf(value: unknown): Kind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const kind = typeof value;
  if (kind === 'string' || kind === 'number' || kind === 'boolean' || kind === 'object' || kind === 'undefined')
    return kind;
  return 'object';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return kindOf(value) === 'object';
}

export function compareShape(
  actual: unknown,
  expected: unknown,
  path = '',
  ignore: ReadonlySet<string> = new Set(),
): ShapeMismatch[] {
  const out: ShapeMismatch[] = [];
  const a = kindOf(actual);
  const e = kindOf(expected);
  if (a === 'null' || e === 'null') return out;
  if (a === 'undefined') return [{ path, problem: 'missing' }];
  if (a !== e) {
    const expandable =
      (a === 'string' && e === 'object' && isRecord(expected) && 'id' in expected) ||
      (e === 'string' && a === 'object' && isRecord(actual) && 'id' in actual);
    if (!expandable) out.push({ path, problem: `is ${a}, Stripe's example has ${e}` });
    return out;
  }
  const leaf = path.split('.').pop() ?? '';
  if (a === 'object' && isRecord(actual) && isRecord(expected)) {
    if (FREE_FORM.has(leaf) || FREE_FORM.has(path)) return out;
    for (const key of Object.keys(expected)) {
      const child = path ? `${path}.${key}` : key;
      if (ignore.has(child)) continue;
      if (!(key in actual)) {
        out.push({ path: child, problem: 'missing' });
        continue;
      }
      out.push(...compareShape(actual[key], expected[key], child, ignore));
    }
  } else if (a === 'array' && Array.isArray(actual) && Array.isArray(expected)) {
    if (actual.length > 0 && expected.length > 0)
      out.push(...compareShape(actual[0], expected[0], `${path}[]`, ignore));
  }
  return out;
}
