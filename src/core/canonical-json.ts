/**
 * The canonical JSON text of a value: object keys sorted by code unit, no whitespace, `undefined`
 * members left out (as `JSON.stringify` does). The same value always gives the same text, however
 * its keys were ordered (PostgreSQL's `jsonb` reorders them; two code paths may build the same IR
 * object in different orders).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  });
}

/**
 * Whether two JSON-shaped values are equal: the same canonical JSON text. Compared structurally,
 * without building the texts (the schema diff compares every column's type, default, identity and
 * generation this way): keys in any order, `undefined` members as absent, `undefined` in arrays as
 * `null`, non-finite numbers as `null` and `toJSON` honoured, as `JSON.stringify` does.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  return jsonEqual(a, b, false);
}

/** A value as `JSON.stringify` writes it, one level deep: `undefined` where it writes nothing. */
function jsonLeaf(value: unknown, inArray: boolean): unknown {
  let v = value;
  if (v !== null && typeof v === "object" && typeof (v as { toJSON?: unknown }).toJSON === "function")
    v = (v as { toJSON(): unknown }).toJSON();
  if (typeof v === "number" && !Number.isFinite(v)) return null;
  if (v === undefined || typeof v === "function" || typeof v === "symbol") return inArray ? null : undefined;
  return v;
}

function jsonEqual(left: unknown, right: unknown, inArray: boolean): boolean {
  // The same value writes the same text; two strings write the same text exactly when they are equal.
  if (left === right) return true;
  if (typeof left === "string" && typeof right === "string") return false;
  const a = jsonLeaf(left, inArray);
  const b = jsonLeaf(right, inArray);
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    // A loop, not `every`: `every` skips the holes of a sparse array, which JSON writes as `null`.
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i], true)) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  // One pass over each side's keys, no intermediate lists: the schema diff compares thousands of these.
  let count = 0;
  for (const k of Object.keys(x)) {
    const v = x[k];
    if (jsonLeaf(v, false) === undefined) continue;
    count++;
    if (!Object.hasOwn(y, k) || !jsonEqual(v, y[k], false)) return false;
  }
  for (const k of Object.keys(y)) if (jsonLeaf(y[k], false) !== undefined) count--;
  return count === 0;
}
