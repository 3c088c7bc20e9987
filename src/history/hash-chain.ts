import { sha256Hex } from "../core/hash.ts";
import { canonicalText } from "./canonical-text.ts";
import type { EventBody } from "./events.ts";

/** The `prev_hash` of the first event of a log: 64 zeros. */
export const GENESIS_HASH = "0".repeat(64);

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
 * changes it. (`canonicalText` writes exactly `canonicalJson`'s text, faster for parsed JSON.)
 */
export function eventHash(prevHash: string, fields: HashedFields): string {
  const body = canonicalText({
    actor: fields.actor,
    occurredAt: fields.occurredAt,
    payload: fields.payload,
    seq: fields.seq,
    type: fields.type,
    version: fields.version,
  });
  return sha256Hex(prevHash + body);
}
