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

/** Whether two JSON-shaped values are equal: the same canonical JSON text. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
