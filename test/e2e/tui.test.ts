/**
 * `pormg tui` end to end, in a real terminal: the compiled binary runs inside tmux (fixed size),
 * keys are sent with `send-keys`, screens read with `capture-pane -p`, and the SQLite database is
 * checked afterwards. The binary is $PORMG_BINARY, or built into a temporary directory.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { compiledBinary, ROOT, run, tempDir } from "../lib/cli.ts";
import { closeTmux, destructiveFolder, Terminal, tables } from "./tui-helpers.ts";

let binary = "";

beforeAll(() => {
  binary = compiledBinary();
}, 120_000);

afterAll(closeTmux);

describe("pormg tui (compiled binary, in tmux)", () => {
  test("loads status, scrolls the dry run, applies a confirmed destructive plan, inspects a query, quits", async () => {
    const { cwd, db, version } = destructiveFolder(binary);
    const t = new Terminal(`${binary} tui --db db`, cwd);

    // Status and the dry run load by themselves.
    await t.waitFor(`Pending plan: ${version}`);
    const first = await t.waitFor("DESTRUCTIVE: 2 statement(s)");
    expect(first).toContain("History table: ✓ exists");
    expect(first).toContain("Lock: free");
    expect(first).toMatch(/Dry run preview \(lines 1–\d+ of \d+/);
    expect(first).toContain(`Plan ${version}`);

    // Scroll: j three times, then to the end; the plan's header leaves the view, the drops come in.
    await t.keys("j", "j", "j");
    await t.waitFor(/Dry run preview \(lines 4–/);
    await t.keys("PageDown", "G");
    const end = await t.waitFor('DROP TABLE "sponsor"');
    expect(end).not.toContain(`Plan ${version}`);
    expect(end).toContain('↳ destructive: DROP TABLE "sponsor"');
    await t.keys("k");
    await t.waitFor(/Dry run preview \(lines \d+–\d+ of \d+/);

    // Migrate asks first, naming what is dropped; y applies it.
    await t.keys("m");
    const ask = await t.waitFor("Confirm destructive migrate");
    expect(ask).toContain('DROP TABLE "sponsor"');
    expect(ask).toContain('DROP COLUMN "nickname"');
    expect(ask).toContain("Press y to apply it");
    expect(tables(db).tables).toContain("sponsor");
    await t.keys("y");
    await t.waitFor(`✓ Applied ${version}`);
    await t.waitFor("Pending plan: none");
    const after = await t.waitFor("Nothing pending");
    expect(after).not.toContain("DESTRUCTIVE");

    // Inspection: an unknown model errors inline; digits are typed into the input, not pane keys.
    await t.keys("2");
    await t.waitFor("query>");
    await t.type("Nope x=1");
    await t.keys("Enter");
    await t.waitFor('Model "Nope" not found');
    // Backspaces that arrive before the input re-renders can be lost on a loaded machine (the input
    // edits the value it last rendered): erase until the input is empty, as a person would.
    for (let k = 0; k < 5 && !/^query> Model field=value/m.test(t.screen()); k++) await t.repeat("BSpace", 8);
    await t.waitFor(/^query> Model field=value/m);
    await t.type("Dri");
    await t.keys("Tab");
    await t.waitFor(/^query> Driver *$/m); // capture-pane drops trailing spaces
    await t.type("driverId__@gte=1 code__@in=HAM,VER");
    await t.keys("Enter");
    const inspected = await t.waitFor('[3] "VER"');
    expect(inspected).toContain("Model:      Driver (table driver)");
    expect(inspected).toContain("Dialect:    sqlite");
    expect(inspected).toContain("Bucketing:  positional (?)");
    expect(inspected).toContain("Params:     3");
    expect(inspected).toContain('where: 1, "HAM", "VER"');
    expect(inspected).toContain('FROM "driver" AS "Tb"');

    // History shows the applied plan's events and verifies.
    await t.keys("F3");
    const history = await t.waitFor("History verifies");
    expect(history).toContain(`${version}#2`);
    expect(history).toMatch(/applied/);

    await t.keys("q");
    const bye = await t.waitFor("EXIT=0");
    expect(bye).toContain("Changes made in the dashboard:");
    expect(bye).toContain(`Applied ${version}`);
    expect(bye).not.toContain("1 Migrations"); // the alternate screen is gone

    const state = tables(db);
    expect(state.tables).not.toContain("sponsor");
    expect(state.tables).toEqual(expect.arrayContaining(["team", "season", "driver"]));
    expect(state.driverColumns).not.toContain("nickname");
    expect(state.drivers).toBe(2);
    expect(state.applied).toContain(version);
  }, 90_000);

  test("a declined confirmation applies nothing and says so", async () => {
    const { cwd, db, version } = destructiveFolder(binary);
    const before = tables(db);
    const t = new Terminal(`${binary} tui --db db`, cwd);
    await t.waitFor("DESTRUCTIVE: 2 statement(s)");
    await t.keys("m");
    await t.waitFor("Confirm destructive migrate");
    await t.keys("n");
    const declined = await t.waitFor("Declined: nothing was applied.");
    expect(declined).not.toContain("✓ Applied");
    await t.waitFor(`Pending plan: ${version}`);
    await t.keys("Escape");
    const bye = await t.waitFor("EXIT=0");
    expect(bye).toContain("nothing in the database was changed");
    const after = tables(db);
    expect(after).toEqual(before);
    expect(after.applied).not.toContain(version);
    expect(existsSync(join(cwd, "db", "migrations", "pending_migrations.sql"))).toBe(true);
  }, 90_000);

  test("Ctrl-C leaves the dashboard and gives the terminal back (exit 130)", async () => {
    const { cwd } = destructiveFolder(binary);
    const t = new Terminal(`${binary} tui --db db`, cwd);
    await t.waitFor("DESTRUCTIVE: 2 statement(s)");
    await t.keys("C-c");
    const bye = await t.waitFor("EXIT=130");
    expect(bye).not.toContain("1 Migrations");
  }, 60_000);

  test("a terminal smaller than 80x24 is refused with exit 64", async () => {
    const cwd = tempDir("pormg-tui-");
    const t = new Terminal(`${binary} tui --db db`, cwd, 70, 20);
    const screen = await t.waitFor("EXIT=64");
    expect(screen.replaceAll("\n", " ")).toContain("at least 80x24");
  }, 30_000);

  test("without a TTY it exits 64 with a clear message", () => {
    const cwd = tempDir("pormg-tui-");
    const r = run(binary, ["tui", "--db", "db"], { cwd });
    expect(r.code).toBe(64);
    expect(r.stderr).toContain("error[USAGE]: pormg tui needs an interactive terminal");
    expect(r.stdout).toBe("");
  });
});

describe("pormg tui from source", () => {
  const runtimes: [string, string][] = [
    ["Bun", `${process.execPath} ${join(ROOT, "cmd", "pormg.ts")}`],
    [
      "Deno",
      `${join(ROOT, "node_modules", ".bin", "deno")} run -A --quiet --config ${join(ROOT, "deno.json")} ${join(ROOT, "cmd", "pormg.ts")}`,
    ],
  ];
  for (const [name, command] of runtimes)
    test(`under ${name}: shows the status and the destructive plan, quits with q`, async () => {
      const { cwd, version } = destructiveFolder(binary);
      const t = new Terminal(`${command} tui --db db`, cwd);
      await t.waitFor(`Pending plan: ${version}`, 60_000);
      await t.waitFor("DESTRUCTIVE: 2 statement(s)");
      await t.keys("q");
      const bye = await t.waitFor("EXIT=0");
      expect(bye).toContain("nothing in the database was changed");
    }, 90_000);
});
