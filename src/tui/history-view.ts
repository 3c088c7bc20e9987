/**
 * What the History pane says, as display lines: the event log (type, version, actor, time) and the
 * `history verify` result. Pure.
 */
import type { HistoryEvent } from "../history/events.ts";
import type { VerifyResult } from "../history/verify-history.ts";
import { type Line, line } from "./lines.ts";
import { errorLine } from "./migrations-view.ts";

/** The tone of an event type: failures stand out, repairs are flagged. */
function toneOf(type: string): Line["tone"] {
  if (type === "failed" || type === "marked_failed") return "bad";
  if (type === "applied") return "good";
  if (type === "removed" || type === "marked_applied") return "warn";
  return "normal";
}

/** The `history verify` line: ok with the count, or the first bad event and why. */
export function verifyLine(verify: VerifyResult | null, error: unknown): Line {
  if (error !== undefined) return errorLine("✗ History does not verify:", error);
  if (!verify) return line("Verifying…", "dim");
  return line(`✓ History verifies: ${verify.events} event(s), hash chain and projection intact.`, "good");
}

/** The event log as a table, oldest first, with a header row. */
export function eventLines(events: readonly HistoryEvent[]): Line[] {
  if (events.length === 0)
    return [line("The event log is empty (no migration has been planned or applied yet).", "dim")];
  const header = `${"id".padStart(5)}  ${"time (UTC)".padEnd(19)}  ${"version#seq".padEnd(20)}  ${"type".padEnd(14)}  actor`;
  return [
    line(header, "title"),
    ...events.map((e) =>
      line(
        `${String(e.id).padStart(5)}  ${e.occurredAt.replace("T", " ").slice(0, 19)}  ${`${e.version}#${e.seq}`.padEnd(20)}  ${e.type.padEnd(14)}  ${e.actor}`,
        toneOf(e.type),
      ),
    ),
  ];
}
