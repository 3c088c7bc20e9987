import type { HistoryEvent } from "./events.ts";
import { eventHash, GENESIS_HASH } from "./hash-chain.ts";

/** A BadEvent names the first event of a log that fails verification, and why. */
export interface BadEvent {
  /** The event's id; `null` when the problem is a projection row no event explains. */
  readonly id: number | null;
  /** Starts with "hash mismatch", "broken chain", "seq out of order" or "projection row differs". */
  readonly reason: string;
}

/**
 * Checks a log in id order: every `prev_hash` links to the hash of the event before it (the first
 * to 64 zeros), every hash matches the event's contents, and every stream's seq counts 1, 2, 3…
 * Returns the first event that fails, or `null`. (Deleting the newest events leaves a valid chain;
 * that shows only through the projection.)
 */
export function checkChain(events: readonly HistoryEvent[]): BadEvent | null {
  let prev = GENESIS_HASH;
  let prevId: number | null = null;
  const lastSeq = new Map<string, number>();
  for (const event of events) {
    if (event.prevHash !== prev)
      return {
        id: event.id,
        reason: `broken chain: prev_hash ${short(event.prevHash)} is not the hash ${short(prev)} of ${prevId === null ? "the log's start" : `event ${prevId}`}`,
      };
    const computed = eventHash(event.prevHash, event);
    if (computed !== event.hash)
      return {
        id: event.id,
        reason: `hash mismatch: the stored hash ${short(event.hash)} does not match the event's contents (${short(computed)}); the event was edited`,
      };
    const expected = (lastSeq.get(event.version) ?? 0) + 1;
    if (event.seq !== expected)
      return {
        id: event.id,
        reason: `seq out of order: version ${event.version} expected seq ${expected}, found ${event.seq}`,
      };
    lastSeq.set(event.version, event.seq);
    prev = event.hash;
    prevId = event.id;
  }
  return null;
}

function short(hash: string): string {
  return `${hash.slice(0, 12)}…`;
}
