/**
 * Driving `pormg tui` in tmux for the end-to-end tests: a Terminal runs a command in a detached tmux
 * session of a given size, sends keys, reads the screen (`capture-pane -p`) and resizes the window;
 * the fixture folder holds a SQLite database whose pending plan is destructive.
 */
import { Database } from "bun:sqlite";
import { expect } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run, tempDir } from "../lib/cli.ts";

const SOCKET = `pormg-test-${process.pid}`;
let sessions = 0;
let socketPath = "";

/** Ends the tmux server of this process's tests and removes its socket. */
export function closeTmux(): void {
  spawnSync("tmux", ["-L", SOCKET, "kill-server"]);
  if (socketPath) rmSync(socketPath, { force: true });
}

function tmux(...args: string[]): string {
  const r = spawnSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8", timeout: 10_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`tmux ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One tmux window running a command, with helpers to type and to wait for text on the screen. */
export class Terminal {
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
  /** Resizes the window (the program gets SIGWINCH, as when a person resizes the terminal). */
  resize(columns: number, rows: number): void {
    tmux("resize-window", "-t", this.name, "-x", String(columns), "-y", String(rows));
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
/** The fixture's models: BASE + DRIVER_V1 first, BASE + DRIVER_V2 (destructive) next. */
export const BASE = `import { Models } from "pormg";
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
export const DRIVER_V1 = `export const Driver = Models.Model({
  driverId: Models.IDField(),
  code: Models.CharField({ maxLength: 3, unique: true }),
  surname: Models.CharField({ maxLength: 100 }),
  nickname: Models.CharField({ maxLength: 100, null: true }),
});
export const Sponsor = Models.Model({ sponsorId: Models.IDField(), name: Models.CharField({ maxLength: 100 }) });
`;
// Version 2 drops driver.nickname and the sponsor table (destructive) and adds two tables.
export const DRIVER_V2 = `export const Driver = Models.Model({
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
export function destructiveFolder(binary: string): { cwd: string; db: string; version: string } {
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

export function tables(path: string): {
  tables: string[];
  driverColumns: string[];
  drivers: number;
  applied: string[];
} {
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
