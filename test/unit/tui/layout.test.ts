import { describe, expect, test } from "bun:test";
import { stepLabel } from "../../../src/plan/labels.ts";
import type { PlanStep } from "../../../src/schema/operation.ts";
import {
  ellipsize,
  fitLines,
  paneColumns,
  revealRow,
  sideRows,
  stackedRows,
  tabBar,
} from "../../../src/tui/layout-view.ts";
import { line } from "../../../src/tui/lines.ts";
import { migrationsScreen } from "../../../src/tui/migrations-screen.ts";
import { dryRunMessage } from "../../../src/tui/migrations-view.ts";
import { previewSteps, previewView, summaryLines } from "../../../src/tui/preview-view.ts";
import { paneKeys } from "../../../src/tui/status-bar.tsx";
import type { MigrationsModel } from "../../../src/tui/use-migrations.ts";
import type { DryRunResult, DryRunStatement } from "../../../src/use-cases/dry-run.ts";
import { planSummary } from "../../../src/use-cases/plan-summary.ts";
import type { StatusResult } from "../../../src/use-cases/status.ts";

const TITLES = ["Migrations", "Inspection", "History"];
const step = (label: string, extra: Partial<PlanStep> = {}): PlanStep => ({
  label,
  sql: "SELECT 1;",
  destructive: false,
  transactional: true,
  ...extra,
});
const statement = (index: number, label: string, sql: string, reason?: string): DryRunStatement => ({
  index,
  label,
  sql,
  destructive: reason !== undefined,
  ...(reason && { reason }),
  transactional: true,
  lock: null,
  locks: [],
  findings: [],
});
const PLAN_STEPS = [
  step(stepLabel.createTable("team")),
  step(stepLabel.dropTable("sponsor"), { destructive: true }),
  step(stepLabel.removeField("driver", "nickname"), { destructive: true }),
  step(stepLabel.addField("driver", "team")),
  step(stepLabel.alterTable("race", ["widen name"]), { rebuild: { table: "race" } }),
  step("Data (post): backfill"),
];
const plan: DryRunResult = {
  outcome: "planned",
  version: "20260101000000000",
  name: "teams",
  path: "db/migrations/pending_migrations.sql",
  checksum: "0123456789abcdef0123",
  destructive: true,
  statements: [
    statement(1, "team | Create table", 'CREATE TABLE "team" (\n  "id" integer\n);'),
    statement(2, "sponsor | Drop table", 'DROP TABLE "sponsor";', 'DROP TABLE "sponsor"'),
    statement(3, "driver | Remove field: nickname", 'ALTER TABLE "driver" DROP COLUMN "nickname";', "drops it"),
    statement(4, "driver | Add field: team", 'ALTER TABLE "driver" ADD COLUMN "team" integer;'),
  ],
  lossy: [],
  verify: null,
  summary: planSummary(PLAN_STEPS, [
    { table: "race", column: "name", kind: "rows", reason: "set_not_null: x", rows: 3 },
    { table: "race", kind: "silent", reason: "decimal_scale: x", rows: 2 },
    { table: "race", kind: "rows", reason: "add_check: x", rows: null },
  ]),
  warnings: [],
};
const status = (drift: number): StatusResult => ({
  historyTable: true,
  applied: [1, 2, 3, 4].map((k) => ({
    version: `2026010${k}`,
    name: `m${k}`,
    checksum: "",
    appliedAt: "2026-01-01",
    isDestructive: false,
  })),
  failed: [],
  superseded: [],
  interrupted: [],
  pending: true,
  pendingPlan: { version: "20260101000000000", name: "teams", steps: 4 },
  pendingArchived: [],
  driftSignals: Array.from({ length: drift }, (_, k) => `signal ${k}`),
  lock: null,
});
const model = (drift: number, preview: DryRunResult | null = plan): MigrationsModel => ({
  status: status(drift),
  statusError: null,
  preview,
  previewError: null,
  log: [line("Status loaded."), line("Dry run: 4 statement(s).")],
  confirming: null,
  refresh() {},
  init() {},
  dryRun() {},
  migrate() {},
  answer() {},
});
const unfolded = { folded: new Set<number>(), selected: 0 };

describe("the screen's layout", () => {
  test("the tab labels stay whole at 80 columns; the context is shortened in the middle to fit", () => {
    const context = `dev · sqlite:/tmp/${"very-long-folder/".repeat(6)}db/dev.sqlite`;
    for (const columns of [80, 100, 160]) {
      const row = tabBar(TITLES, 0, context, columns);
      expect(row.slice(0, 3).map((t) => t.text)).toEqual([" 1 Migrations ", " 2 Inspection ", " 3 History "]);
      expect(row.map((t) => t.kind)).toEqual(["active", "tab", "tab", "context"]);
      expect(row.reduce((n, t) => n + [...t.text].length, 0)).toBeLessThanOrEqual(columns);
    }
    expect(tabBar(TITLES, 2, context, 80)[3]?.text).toMatch(/^ {2}dev · sqlite:\/tmp.*….*dev\.sqlite$/);
    expect(ellipsize("abcdef", 6)).toBe("abcdef");
    expect(ellipsize("abcdefgh", 5)).toBe("ab…gh");
  });

  test("narrow terminals stack the parts; wide ones put the status beside the preview", () => {
    expect(paneColumns(80)).toEqual({ mode: "stacked", statusWidth: 80, previewWidth: 80 });
    const wide = paneColumns(160);
    expect(wide.mode).toBe("side");
    expect(wide.statusWidth + 1 + wide.previewWidth).toBe(160);
  });

  test("every row is given out, and the status is cut only when the preview would get less than a third", () => {
    for (const height of [21, 37, 45])
      for (const [s, p] of [
        [5, 10],
        [12, 200],
        [40, 200],
      ] as const) {
        const r = stackedRows(height, s, p);
        expect(r.status + 1 + r.preview + r.log).toBe(height);
        const room = height - r.log - 1;
        if (s <= room - Math.max(4, Math.floor(room / 3))) expect(r.status).toBe(s);
        else expect(r.preview).toBeGreaterThanOrEqual(Math.floor(room / 3));
        const side = sideRows(height, s);
        expect(side.status + 1 + side.log).toBe(height);
        expect(side.log).toBeGreaterThanOrEqual(3);
      }
    expect(fitLines([line("a"), line("b")], 2, "x")).toHaveLength(2);
    expect(fitLines([line("a"), line("b"), line("c")], 2, "run it").map((l) => l.text)).toEqual([
      "a",
      "… 2 more line(s): run it",
    ]);
  });

  test("a 12-line status at 120x40 is shown whole (it used to be cut at 8 rows with 20 blank below)", () => {
    const screen = migrationsScreen(model(4), unfolded, 120, 37);
    expect(screen.status.length).toBeGreaterThanOrEqual(12);
    expect(screen.status.some((l) => l.text.includes("more line(s)"))).toBe(false);
    expect(screen.status.at(-1)?.text).toContain("signal 3");
    expect(screen.rows.status + 1 + screen.rows.preview + screen.rows.log).toBe(37);
    // 80x24 with a very long status: the preview keeps a third of the room, the status says what it left out.
    const small = migrationsScreen(model(30), unfolded, 80, 21);
    expect(small.rows.preview).toBeGreaterThanOrEqual(6);
    expect(small.status.at(-1)?.text).toMatch(/… \d+ more line\(s\): run pormg status/);
  });

  test("the selection scrolls into view", () => {
    expect(revealRow(5, 0, 10)).toBe(0);
    expect(revealRow(25, 0, 10)).toBe(18);
    expect(revealRow(3, 10, 10)).toBe(2);
  });

  test("the key help fits the terminal's width", () => {
    for (const columns of [80, 120, 160])
      expect([...paneKeys("migrations", false, false, columns)].length).toBeLessThan(columns);
    expect(paneKeys("migrations", false, false, 80)).toContain("[ ] step [Enter] fold [c] all");
    expect(paneKeys("migrations", false, false, 200)).toContain("[v]erify (dry-run --verify)");
  });
});

describe("the preview", () => {
  test("the summary names the tables by what the plan does and counts the rows at risk", () => {
    expect(plan.summary).toEqual({
      created: ["team"],
      altered: ["driver"],
      rebuilt: ["race"],
      dropped: ["sponsor"],
      handWritten: 1,
      rowsFailing: 3,
      rowsChanged: 2,
      uncounted: 1,
    });
    const text = previewView(plan, 200, unfolded).lines.map((l) => l.text);
    expect(text).toContain(
      "Tables: created 1 (team) · altered 1 (driver) · rebuilt 1 (race) · dropped 1 (sponsor) · 1 hand-written step(s)",
    );
    expect(text).toContain(
      "Rows at risk: 3 would fail (migrate refuses) · 2 value(s) changed · 1 finding(s) not countable",
    );
  });

  test("kinds of change the plan has none of are left out of the summary", () => {
    const only = planSummary([step(stepLabel.createIndex("t", "t_idx"))], []);
    expect(summaryLines(only).map((l) => l.text)).toEqual([
      "Tables: altered 1 (t)",
      "Rows at risk: 0 would fail (migrate refuses) · 0 value(s) changed",
    ]);
    expect(summaryLines(planSummary([step("Data (post): fix")], []))[0]?.text).toBe(
      "Tables: none · 1 hand-written step(s)",
    );
  });

  test("statements are grouped under their steps; a folded step shows only its heading", () => {
    expect(previewSteps(plan).map((s) => [s.label, s.statements.length, s.destructive])).toEqual([
      ["team | Create table", 1, false],
      ["sponsor | Drop table", 1, true],
      ["driver | Remove field: nickname", 1, true],
      ["driver | Add field: team", 1, false],
    ]);
    const open = previewView(plan, 200, { folded: new Set(), selected: 1 });
    const at = (k: number) => open.lines[open.stepRows[k] as number];
    expect(at(0)?.text).toBe(" ▾ team | Create table  (1 statement)");
    expect(at(1)).toEqual({ text: "›▾ sponsor | Drop table  (1 statement · DESTRUCTIVE)", tone: "danger" });
    const drop = open.lines.findIndex((l) => l.text.includes('DROP TABLE "sponsor";'));
    expect(open.lines[drop]?.tone).toBe("danger");
    expect(open.lines[drop + 1]).toEqual({ text: '        ↳ destructive: DROP TABLE "sponsor"', tone: "danger" });
    const folded = previewView(plan, 200, { folded: new Set([0, 1]), selected: 0 });
    expect(folded.lines.length).toBe(open.lines.length - 3 - 2);
    expect(folded.lines.some((l) => l.text.includes("DROP TABLE"))).toBe(false);
    expect(folded.lines[folded.stepRows[1] as number]?.text).toBe(
      " ▸ sponsor | Drop table  (1 statement · DESTRUCTIVE)",
    );
  });

  test("after a verify the message is its outcome, not the statement count", () => {
    const base = { statements: 4, nonTransactional: [], sandbox: "transaction" as const, durationMs: 12 };
    expect(dryRunMessage(plan)).toEqual(line("Dry run: 4 statement(s)."));
    expect(dryRunMessage({ ...plan, verify: { ...base, ok: true, differences: [] } })).toEqual(
      line("Verify: ✓ succeeded: ran 4 statement(s), rolled back; matches the models.", "good"),
    );
    const failure = { stepIndex: 5, label: "Data (post): fix", sql: "UPDATE x", error: "no such column: y" };
    expect(
      dryRunMessage({
        ...plan,
        verify: { ...base, ok: false, statements: 0, differences: [], failedStatement: failure },
      }),
    ).toEqual(line("Verify: ✗ failed at step 6 (Data (post): fix): no such column: y", "bad"));
  });
});
