/**
 * `pormg tui` lays itself out to the terminal: captures (tmux `capture-pane`) of the compiled
 * binary at 80x24, 120x40 and 160x48, and across a resize, checking that nothing that fits is cut
 * off, the tab labels stay whole, the preview opens with its summary and its statements grouped
 * (and folded) under their steps, and `v` shows the verify outcome — success and failure.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { compiledBinary } from "../lib/cli.ts";
import { closeTmux, destructiveFolder, Terminal } from "./tui-helpers.ts";

let binary = "";
beforeAll(() => {
  binary = compiledBinary();
}, 120_000);
afterAll(closeTmux);

/** The screen with wrapped rows joined back (a continuation row starts with spaces). */
const flat = (screen: string) => screen.replace(/\n {2,}/g, " ");
const TABS = /^ 1 Migrations {2}2 Inspection {2}3 History {3}dev · /;
const STATUS = ["History table: ✓ exists", "Applied: 1 migration(s)", "Lock: free", "Drift signals: 2"];

describe("pormg tui lays out to the terminal's size", () => {
  test("80x24: whole tabs and status, the summary, steps folded and unfolded, the verify outcome", async () => {
    const { cwd, version } = destructiveFolder(binary);
    const t = new Terminal(`${binary} tui --db db`, cwd, 80, 24);
    const first = await t.waitFor("Rows at risk:");
    expect(first.split("\n")[0]).toMatch(TABS);
    for (const s of STATUS) expect(first).toContain(s);
    expect(first).not.toContain("more line(s)");
    const text = flat(first);
    expect(text).toContain(`Plan ${version} "migration" · checksum `);
    expect(text).toContain("── 5 statement(s) in 5 step(s): [ ] select · Enter folds · c folds all ──");
    expect(text).toContain("Tables: created 2 (season, team) · altered 1 (driver) · dropped 1 (sponsor)");
    expect(text).toContain("Rows at risk: 0 would fail (migrate refuses) · 0 value(s) changed");
    expect(first).toContain("[ ] step [Enter] fold [c] all");

    // c folds every step: the five headings, the destructive ones flagged.
    await t.keys("c", "G");
    const folded = await t.waitFor("▸ driver | Remove field: nickname");
    expect(folded).toContain("▸ season | Create table  (1 statement)");
    expect(folded).toContain("▸ sponsor | Drop table  (1 statement · DESTRUCTIVE)");
    expect(folded).not.toContain("DROP TABLE");

    // c again unfolds them; ] ] selects the third step and scrolls it into view; Enter folds it alone.
    await t.keys("c", "g", "]", "]");
    const selected = await t.waitFor("›▾ sponsor | Drop table");
    expect(selected).toContain('DROP TABLE "sponsor";');
    expect(selected).toContain('↳ destructive: DROP TABLE "sponsor"');
    await t.keys("Enter");
    const one = await t.waitFor("›▸ sponsor | Drop table");
    expect(one).not.toContain('DROP TABLE "sponsor";');

    // ? shows every key; any key closes the help again.
    await t.keys("?");
    const help = await t.waitFor("── Keys (any key closes) ──");
    expect(help).toMatch(/^ {2}\] \[ +select the next \/ previous step of the preview$/m);
    expect(help).toContain("fold or unfold the selected step");
    expect(help).toContain("reload the event log and verify it"); // the last row: all of it fits 80x24
    await t.keys("x");
    await t.waitFor("── Dry run preview");

    await t.keys("v");
    const verified = await t.waitFor("Verify: ✓ succeeded");
    // The newest message, just above the status bar, is the verify outcome (not "Dry run: 5 statement(s).").
    expect(verified.trimEnd().split("\n").at(-3)).toBe(
      "Verify: ✓ succeeded: ran 5 statement(s) on a copy; matches the models.",
    );
    // SQLite verifies on a temporary copy of the file, which is deleted: nothing is "rolled back".
    expect(verified).toContain("Verify: ✓ ran 5 statement(s) on a copy; the result matches the models");
    await t.keys("q");
    await t.waitFor("EXIT=0");
  }, 90_000);

  test("a plan that fails verify says which step failed and why", async () => {
    const { cwd } = destructiveFolder(binary);
    appendFileSync(
      join(cwd, "db", "migrations", "pending_migrations.sql"),
      '\n-- step: Data (post): mark champions\nUPDATE "season" SET "champion" = 1;\n',
    );
    const t = new Terminal(`${binary} tui --db db`, cwd, 80, 24);
    const first = flat(await t.waitFor("Rows at risk:"));
    expect(first).toContain("· 1 hand-written step(s)");
    await t.keys("v");
    const failed = flat(await t.waitFor("Verify: ✗ failed"));
    expect(failed).toContain("Verify: ✗ failed at step 6 (Data (post): mark champions): no such column: champion");
    await t.keys("q");
    await t.waitFor("EXIT=0");
  }, 90_000);

  test("160x48 puts the status beside the whole preview; shrinking to 80x24 stacks it again", async () => {
    const { cwd } = destructiveFolder(binary);
    const t = new Terminal(`${binary} tui --db db`, cwd, 160, 48);
    const wide = await t.waitFor("Rows at risk:");
    const rows = wide.split("\n");
    expect(rows[0]).toMatch(TABS);
    expect(rows[1]).toMatch(/^History table: ✓ exists +│── Dry run preview ──$/);
    expect(wide).toContain("── Messages ──");
    for (const s of STATUS) expect(wide).toContain(s);
    expect(wide).toContain("│Tables: created 2 (season, team) · altered 1 (driver) · dropped 1 (sponsor)");
    // Every statement fits: nothing to scroll, the last one and its reason in view.
    expect(wide).toContain("│ ▾ driver | Remove field: nickname  (1 statement · DESTRUCTIVE)");
    expect(wide).toContain('DROP COLUMN "nickname"');
    expect(wide).toContain("[v]erify (dry-run --verify)");

    t.resize(80, 24);
    const narrow = await t.waitFor(/── Dry run preview \(lines 1–\d+ of \d+/);
    expect(narrow.split("\n")[0]).toMatch(TABS);
    expect(narrow).not.toContain("│");
    for (const s of STATUS) expect(narrow).toContain(s);

    t.resize(120, 40);
    // At 120 columns the drift signal fits on one row (at 80 it wraps).
    const mid = await t.waitFor(/alongside applied history — review before applying\./);
    for (const s of STATUS) expect(mid).toContain(s);
    expect(mid).not.toContain("more line(s)");
    await t.keys("q");
    await t.waitFor("EXIT=0");
  }, 90_000);
});
