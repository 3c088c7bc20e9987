import type { HistoryEvent } from "./events.ts";
import type { ProjectionRow } from "./projection.ts";

/**
 * Whether two reads of the log hold the same events: every field equal, payloads the same JSON
 * value with their members in the same order (`sameValue`). The chain check, the fold and the
 * projection check are pure functions of what they read, so on the same events (and the same
 * projection rows, `sameRows`) they give the same result. Pure.
 */
export function sameEvents(a: readonly HistoryEvent[], b: readonly HistoryEvent[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as HistoryEvent;
    const y = b[i] as HistoryEvent;
    if (
      x.id !== y.id ||
      x.hash !== y.hash ||
      x.prevHash !== y.prevHash ||
      x.version !== y.version ||
      x.seq !== y.seq ||
      x.type !== y.type ||
      x.occurredAt !== y.occurredAt ||
      x.actor !== y.actor ||
      !sameValue(x.payload, y.payload)
    )
      return false;
  }
  return true;
}

/** Whether two reads of `pormg_migrations` hold the same rows, field for field, in the same order. Pure. */
export function sameRows(a: readonly ProjectionRow[], b: readonly ProjectionRow[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as ProjectionRow;
    const y = b[i] as ProjectionRow;
    if (
      x.id !== y.id ||
      x.version !== y.version ||
      x.name !== y.name ||
      x.checksum !== y.checksum ||
      x.sqlContent !== y.sqlContent ||
      x.appliedAt !== y.appliedAt ||
      x.status !== y.status ||
      x.isDestructive !== y.isDestructive ||
      x.formatVersion !== y.formatVersion
    )
      return false;
  }
  return true;
}

/**
 * Strict structural equality of two values as a log read returns them (parsed JSON, or the text
 * of a payload that did not parse): primitives by `Object.is`, arrays element by element, plain
 * objects (or null-prototype ones) with the same own keys in the same order. Anything else is
 * equal only to itself.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!(i in a) || !(i in b) || !sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const pa = Object.getPrototypeOf(a);
  if ((pa !== Object.prototype && pa !== null) || pa !== Object.getPrototypeOf(b)) return false;
  const ka = Reflect.ownKeys(a);
  const kb = Reflect.ownKeys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i] as string | symbol;
    if (k !== kb[i] || typeof k === "symbol") return false;
    if (!sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}
