/**
 * The dashboard's key help (`?`), as display lines: every key, by where it works — 20 rows of at
 * most 80 columns, so it fits the smallest terminal the dashboard runs in. Pure.
 */
import { type Line, line } from "./lines.ts";

const KEYS: readonly (readonly [string, readonly (readonly [string, string])[]])[] = [
  [
    "Everywhere",
    [
      ["1 2 3 / F1 F2 F3", "switch panes (in the query input only F1–F3)"],
      ["q / Esc", "quit (waits while a migrate or init runs)"],
      ["Ctrl-C", "quit at once (exit 130; uncommitted work rolls back)"],
      ["↑↓ j k  PgUp PgDn  g G", "scroll (top, end)"],
    ],
  ],
  [
    "Migrations",
    [
      ["s / r", "refresh the status"],
      ["i", "create the history tables (init)"],
      ["d", "dry run of the pending plan"],
      ["v", "verify: run the plan, roll back, compare with models"],
      ["m", "migrate (asks first if destructive: y yes, n/Esc no)"],
      ["] [", "select the next / previous step of the preview"],
      ["Enter / Space", "fold or unfold the selected step"],
      ["c", "fold every step (again: unfold them all)"],
    ],
  ],
  [
    "Inspection",
    [
      ["Enter", "inspect the query typed (Model field=value …)"],
      ["Tab", "complete the model name"],
      ["Esc", "leave the input; i, / or Enter return to it"],
    ],
  ],
  ["History", [["s / r", "reload the event log and verify it"]]],
];

/** The help: a section per place, a row per key. */
export function helpLines(): Line[] {
  const width = Math.max(...KEYS.flatMap(([, keys]) => keys.map(([k]) => [...k].length)));
  const out: Line[] = [];
  for (const [where, keys] of KEYS) {
    out.push(line(where, "title"));
    for (const [k, what] of keys) out.push(line(`  ${k.padEnd(width)}  ${what}`));
  }
  return out;
}
