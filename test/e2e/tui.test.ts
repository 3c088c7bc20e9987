/**
 * `pormg tui` end to end, in a real terminal: the compiled binary runs inside tmux (fixed size),
 * keys are sent with `send-keys`, screens read with `capture-pane -p`, and the SQLite database is
 * checked afterwards. The binary is $PORMG_BINARY, or built into a temporary directory.
 */
import { Database } from "bun:sqlite";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compiledBinary, ROOT, run, tempDir } from "../lib/cli.ts";

const SOCKET = `pormg-test-${process.pid}`;
let binary = "";
let sessions = 0;
let socketPath = "";

function tmux(...args: string[]): string {
  const r = spawnSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8", timeout: 10_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`tmux ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One tmux window running a command, with helpers to type and to wait for text on the screen. */
class Terminal {
  readonly name = `s${++sessions}`;
  constructor(command: string, cwd: string, columns = 100, rows = 30) {
    // The shell keeps the pane open after pormg exits, so its last screen and exit code stay readable.
    const shell = `env -i HOME="${process.env.HOME ?? "/tmp"}" PATH=/nonexistent TERM=xterm-256color ${command}; echo "EXIT=$?"; sleep 600`;
    tmux("new-session", "-d", "-s", this.name, "-x", String(columns), "-y", String(rows), "-c", cwd, shell);
    socketPath ||= tmux("display-message", "-p", "#{socket_path}").trim();
  }
  screen(): string {
    return tmux("capture-pane", "-p", "-t", this.name);
  }
  /** Named keys (`Enter`, `Tab`, `F2`, `PageDown`, `j`…), each sent on its own, with a pause between. */
  async keys(...keys: string[]): Promise<void> {
    for (const key of keys) {
      tmux("send-keys", "-t", this.name, key);
      await sleep(120);
    }
  }
  /** One named key `times` times. */
  async repeat(key: string, times: number): Promise<void> {
    for (let k = 0; k < times; k++) {
      tmux("send-keys", "-t", this.name, key);
      await sleep(30);
    }
    await sleep(150);
  }
  /** Literal text, typed in one go. */
  async type(text: string): Promise<void> {
    tmux("send-keys", "-t", this.name, "-l", text);
    await sleep(200);
  }
  /** Polls the screen until `what` appears; fails with the last screen after `timeoutMs`. */
  async waitFor(what: string | RegExp, timeoutMs = 15_000): Promise<string> {
    const until = Date.now() + timeoutMs;
    let last = "";
    while (Date.now() < until) {
      last = this.screen();
      if (typeof what === "string" ? last.includes(what) : what.test(last)) return last;
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${String(what)}; the screen was:\n${last}`);
  }
}

const CONNECTION =
  "default_env: dev\ndev:\n  adapter: SQLite\n  database: dev.sqlite\n  config:\n    change_db: true\n";
const BASE = `import { Models } from "pormg";
export const Circuit = Models.Model({
  circuitId: Models.IDField(),
  name: Models.CharField({ maxLength: 255 }),
  country: Models.CharField({ maxLength: 60 }),
});
export const Race = Models.Model({
  raceId: Models.IDField(),
  circuit: Models.ForeignKey(Circuit, { onDelete: "CASCADE", dbColumn: "circuitId" }),
  year: Models.IntegerField(),
});
`;
const DRIVER_V1 = `export const Driver = Models.Model({
  driverId: Models.IDField(),
  code: Models.CharField({ maxLength: 3, unique: true }),
  surname: Models.CharField({ maxLength: 100 }),
  nickname: Models.CharField({ maxLength: 100, null: true }),
});
export const Sponsor = Models.Model({ sponsorId: Models.IDField(), name: Models.CharField({ maxLength: 100 }) });
`;
// Version 2 drops driver.nickname and the sponsor table (destructive) and adds two tables.
const DRIVER_V2 = `export const Driver = Models.Model({
  driverId: Models.IDField(),
  code: Models.CharField({ maxLength: 3, unique: true }),
  surname: Models.CharField({ maxLength: 100 }),
});
export const Team = Models.Model({
  teamId: Models.IDField(),
  name: Models.CharField({ maxLength: 100, unique: true }),
  country: Models.CharField({ maxLength: 60 }),
  founded: Models.IntegerField({ null: true }),
  principal: Models.CharField({ maxLength: 100, null: true }),
});
export const Season = Models.Model({
  year: Models.IntegerField({ primaryKey: true }),
  url: Models.CharField({ maxLength: 255, null: true }),
  champion: Models.ForeignKey(Driver, { null: true, onDelete: "SET_NULL", dbColumn: "championId" }),
});
`;

/** A SQLite folder whose pending plan is destructive; returns the folder's parent and the plan's version. */
function destructiveFolder(): { cwd: string; db: string; version: string } {
  const cwd = tempDir("pormg-tui-");
  const folder = join(cwd, "db");
  mkdirSync(folder);
  writeFileSync(join(folder, "connection.yml"), CONNECTION);
  writeFileSync(join(folder, "models.ts"), BASE + DRIVER_V1);
  const cli = (...args: string[]) => {
    const r = run(binary, args, { cwd });
    if (r.code !== 0) throw new Error(`pormg ${args.join(" ")}: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  cli("makemigrations", "--db", "db");
  cli("migrate", "--db", "db");
  const sqlite = new Database(join(folder, "dev.sqlite"));
  sqlite.run(
    "INSERT INTO driver (code, surname, nickname) VALUES ('HAM', 'Hamilton', 'Sir Lewis'), ('VER', 'Verstappen', NULL)",
  );
  sqlite.run("INSERT INTO sponsor (name) VALUES ('Acme')");
  sqlite.close();
  writeFileSync(join(folder, "models.ts"), BASE + DRIVER_V2);
  cli("makemigrations", "--db", "db");
  const plan = JSON.parse(cli("dry-run", "--db", "db", "--json")) as { version: string; destructive: boolean };
  expect(plan.destructive).toBe(true);
  return { cwd, db: join(folder, "dev.sqlite"), version: plan.version };
}

function tables(path: string): { tables: string[]; driverColumns: string[]; drivers: number; applied: string[] } {
  const sqlite = new Database(path, { readonly: true });
  try {
    const names = sqlite.query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    const columns = sqlite.query<{ name: string }, []>("PRAGMA table_info(driver)").all();
    const drivers = sqlite.query<{ n: number }, []>("SELECT count(*) AS n FROM driver").get()?.n ?? 0;
    const applied = sqlite
      .query<{ version: string }, []>("SELECT version FROM pormg_migrations ORDER BY version")
      .all();
    return {
      tables: names.map((t) => t.name),
      driverColumns: columns.map((c) => c.name),
      drivers,
      applied: applied.map((a) => a.version),
    };
  } finally {
    sqlite.close();
  }
}

beforeAll(() => {
  binary = compiledBinary();
}, 120_000);

afterAll(() => {
  spawnSync("tmux", ["-L", SOCKET, "kill-server"]);
  if (socketPath) rmSync(socketPath, { force: true });
});

describe("pormg tui (compiled binary, in tmux)", () => {
  test("loads status, scrolls the dry run, applies a confirmed destructive plan, inspects a query, quits", async () => {
    const { cwd, db, version } = destructiveFolder();
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
    await t.repeat("BSpace", 8);
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
    const { cwd, db, version } = destructiveFolder();
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
    const { cwd } = destructiveFolder();
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
      const { cwd, version } = destructiveFolder();
      const t = new Terminal(`${command} tui --db db`, cwd);
      await t.waitFor(`Pending plan: ${version}`, 60_000);
      await t.waitFor("DESTRUCTIVE: 2 statement(s)");
      await t.keys("q");
      const bye = await t.waitFor("EXIT=0");
      expect(bye).toContain("nothing in the database was changed");
    }, 90_000);
});
