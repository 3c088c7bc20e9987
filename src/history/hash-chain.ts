import { createHash } from "node:crypto";
import type { EventBody } from "./events.ts";

/** The `prev_hash` of the first event of a log: 64 zeros. */
export const GENESIS_HASH = "0".repeat(64);

/** Lowercase hex SHA-256 of a UTF-8 string (also a plan's checksum of its `sql_content`). */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * The canonical JSON text of a value: object keys sorted by code unit, no whitespace, `undefined`
 * members left out (as `JSON.stringify` does). The same value always gives the same text, however
 * the database reordered its keys (PostgreSQL's `jsonb` does).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  });
}

/** HashedFields are the event fields the chain covers; `id` is not among them (identities may skip values). */
export type HashedFields = EventBody & {
  readonly version: string;
  readonly seq: number;
  readonly occurredAt: string;
  readonly actor: string;
};

/**
 * The hash of an event: lowercase hex SHA-256 of `prevHash` followed by the canonical JSON of
 * `{actor, occurredAt, payload, seq, type, version}`. Changing any of them, or the event before,
 * changes it.
 */
export function eventHash(prevHash: string, fields: HashedFields): string {
  const body = canonicalJson({
    actor: fields.actor,
    occurredAt: fields.occurredAt,
    payload: fields.payload,
    seq: fields.seq,
    type: fields.type,
    version: fields.version,
  });
  return sha256Hex(prevHash + body);
}
