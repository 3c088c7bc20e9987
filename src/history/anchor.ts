import { PormgError } from "../core/errors.ts";
import type { HistoryEvent } from "./events.ts";
import { GENESIS_HASH } from "./hash-chain.ts";

/**
 * The hash chain proves that every event follows from the one before it, but it has no secret:
 * someone with write access can edit an event and re-chain everything after it, forge an event,
 * or delete the newest events together with their projection rows, and the log verifies again.
 * An external anchor closes that gap: a deploy pipeline stores the head hash after each release
 * (`pormg history head`) and passes it back (`history verify --expect`, `migrate --expect-head`);
 * a log that no longer leads to it was rewritten or cut.
 */

/** The head of a log: the last event's hash, {@link GENESIS_HASH} for an empty log. */
export function headOf(events: readonly HistoryEvent[]): { readonly hash: string; readonly id: number | null } {
  const last = events.at(-1);
  return { hash: last?.hash ?? GENESIS_HASH, id: last?.id ?? null };
}

/** Whether `text` looks like a head hash: 64 lowercase or uppercase hex digits. */
export function isHeadHash(text: string): boolean {
  return /^[0-9a-f]{64}$/i.test(text);
}

/**
 * Refuses (`HISTORY_TAMPERED`, exit 3) a verified log that does not lead to `expected`: no event
 * of it has that hash (and it is not the genesis hash of a log that was never written). The
 * events must already have passed the chain check, so an event with that hash means the chain
 * from the first event to the head runs through it.
 */
export function assertLeadsTo(events: readonly HistoryEvent[], expected: string): void {
  const wanted = expected.toLowerCase();
  if (wanted === GENESIS_HASH || events.some((e) => e.hash === wanted)) return;
  const head = headOf(events);
  throw new PormgError(
    "HISTORY_TAMPERED",
    `The event log does not lead to the expected head ${wanted}: no event has that hash (the head is ${head.hash}` +
      `${head.id === null ? ", an empty log" : ` at event ${head.id}`}). The log was rewritten, or events recorded up to that ` +
      "head were removed, since the head was stored. Restore the history from a backup; nothing was changed.",
    { expected: wanted, head: head.hash, headEvent: head.id },
  );
}
