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
  return sha256Hex(prevHash + (envelopeText(fields) ?? genericText(fields)));
}

/**
 * The canonical text of the hashed fields, written directly when they have the types an event
 * read from the log has (strings, a finite seq, a payload `canonicalText` writes): the keys in
 * their sorted order, exactly the text `canonicalText` writes for the object. `undefined` otherwise.
 */
function envelopeText(fields: HashedFields): string | undefined {
  const { actor, occurredAt, payload, seq, type, version } = fields;
  if (
    typeof actor !== "string" ||
    typeof occurredAt !== "string" ||
    typeof type !== "string" ||
    typeof version !== "string" ||
    typeof seq !== "number" ||
    !Number.isFinite(seq) ||
    payload === undefined
  )
    return undefined;
  const payloadText = canonicalText(payload);
  if (payloadText === undefined) return undefined;
  return (
    `{"actor":${JSON.stringify(actor)},"occurredAt":${JSON.stringify(occurredAt)},"payload":${payloadText},` +
    `"seq":${JSON.stringify(seq)},"type":${JSON.stringify(type)},"version":${JSON.stringify(version)}}`
  );
}

function genericText(fields: HashedFields): string {
  return canonicalText({
    actor: fields.actor,
    occurredAt: fields.occurredAt,
    payload: fields.payload,
    seq: fields.seq,
    type: fields.type,
    version: fields.version,
  });
}
