import type { EventBody, HistoryEvent, NewEvent } from "../../../src/history/events.ts";
import { eventHash, GENESIS_HASH } from "../../../src/history/hash-chain.ts";

/** A version number padded to 17 digits. */
export function v(n: number): string {
  return `20250101000000${String(n).padStart(3, "0")}`;
}

/** An event body with its version and, optionally, its actor. */
export type Body = EventBody & { readonly version: string; readonly actor?: string };

/** Builds a hash-chained log from event bodies, numbering ids and seqs as appendEvent does. */
export function chain(bodies: readonly Body[]): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  const seqs = new Map<string, number>();
  let prev = GENESIS_HASH;
  bodies.forEach((body, i) => {
    const seq = (seqs.get(body.version) ?? 0) + 1;
    seqs.set(body.version, seq);
    const occurredAt = new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString();
    const fields = { ...body, actor: body.actor ?? "tester", seq, occurredAt } as NewEvent & {
      seq: number;
      occurredAt: string;
    };
    const hash = eventHash(prev, fields);
    events.push({ ...fields, id: i + 1, prevHash: prev, hash } as HistoryEvent);
    prev = hash;
  });
  return events;
}

/** A `planned` body. */
export function planned(version: string, checksum = `c${version}`, name = "plan"): Body {
  return {
    version,
    type: "planned",
    payload: { name, checksum, sqlContent: `-- ${checksum}`, isDestructive: false, statements: 1 },
  };
}

/** An `applied` body. */
export function applied(version: string): Body {
  return { version, type: "applied", payload: { durationMs: 5, statements: 1 } };
}

/** A `failed` body. */
export function failed(version: string, error = "boom"): Body {
  return { version, type: "failed", payload: { error, failedStatement: "SELECT 1/0", durationMs: 2 } };
}
