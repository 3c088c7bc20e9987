import { expect } from "bun:test";
import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DialectName } from "../../src/core/dialect-name.ts";
import type { Driver } from "../../src/core/driver.ts";
import { dialectNamed } from "../../src/dialect/dialect.ts";
import { pormg, ROOT, type Run, tempDir } from "../lib/cli.ts";
import { harnessOf } from "../lib/dialects.ts";

/** A model file with one table `author` (id, name) and optionally more field lines. */
export function authorModels(extraFields = ""): string {
  return `import { Models } from "pormg";
export const Author = Models.Model({
  id: Models.IDField(),
  name: Models.CharField({ maxLength: 100 }),${extraFields ? `\n  ${extraFields}` : ""}
});
`;
}

/**
 * A Project is a working directory with a database folder `db` for one test: a fresh
 * `t_<random>` schema on PostgreSQL or a fresh SQLite file (absolute path, so copies of the
 * folder reach the same database), `change_db: true` unless told otherwise.
 */
export interface Project {
  readonly dialect: DialectName;
  readonly cwd: string;
  /** The `db` folder. */
  readonly folder: string;
  /** PostgreSQL: the schema. SQLite: "". */
  readonly schema: string;
  /** SQLite: the database file. PostgreSQL: "". */
  readonly file: string;
  /** Runs pormg in `cwd` (synchronously, as a separate process). */
  run(args: readonly string[]): Run;
  /** Runs pormg with `--json` and parses stdout. */
  json(args: readonly string[]): { code: number; doc: Record<string, unknown>; stderr: string };
  /** A raw connection to the project's database (PostgreSQL: search_path set to the schema). */
  open(): Promise<Driver>;
  /** Replaces `db/models.ts`. */
  models(text: string): void;
  /** Appends a hand-written step to the pending plan. */
  appendStep(label: string, sql: string): void;
  /** Copies the `db` folder to `name` (another "server" with the same files and database). */
  copyFolder(name: string): string;
  dispose(): Promise<void>;
}

/** Creates a Project of `dialect` with `models` as `db/models.ts`. */
export async function project(
  dialect: DialectName,
  models: string,
  options: { changeDb?: boolean } = {},
): Promise<Project> {
  const cwd = tempDir("pormg-migrate-e2e-");
  const folder = join(cwd, "db");
  mkdirSync(folder);
  const changeDb = options.changeDb ?? true;
  const h = harnessOf(dialectNamed(dialect));
  const place = await h.freshPlace(join(folder, "app.sqlite"));
  const schema = place.schema ?? "";
  const file = place.file ?? "";
  writeFileSync(join(folder, "connection.yml"), h.connectionYml(place, { change_db: changeDb }));
  writeFileSync(join(folder, "models.ts"), models);
  const run = (args: readonly string[]) => pormg(args, { cwd });
  return {
    dialect,
    cwd,
    folder,
    schema,
    file,
    run,
    json(args) {
      const r = run([...args, "--json"]);
      let doc: Record<string, unknown>;
      try {
        doc = JSON.parse(r.stdout);
      } catch {
        throw new Error(`pormg ${args.join(" ")} --json printed no JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
      }
      return { code: r.code, doc, stderr: r.stderr };
    },
    open: () => place.connect(),
    models(text) {
      writeFileSync(join(folder, "models.ts"), text);
    },
    appendStep(label, sql) {
      const pending = join(folder, "migrations", "pending_migrations.sql");
      const text = readFileSync(pending, "utf8");
      writeFileSync(pending, `${text.replace(/\n*$/, "\n")}-- step: ${label}\n${sql}\n`);
    },
    copyFolder(name) {
      const to = join(cwd, name);
      cpSync(folder, to, { recursive: true });
      return to;
    },
    async dispose() {
      await place.dispose();
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

/** A pormg process started in the background. */
export interface Background {
  readonly child: ChildProcess;
  /** Resolves when the process exits. */
  readonly done: Promise<Run>;
}

/** Starts pormg (from source under Bun, or the given `binary`) as a separate process without waiting for it. */
export function spawnPormg(args: readonly string[], cwd: string, binary?: string): Background {
  const [command, ...prefix] = binary === undefined ? [process.execPath, join(ROOT, "cmd", "pormg.ts")] : [binary];
  const child = spawn(command as string, [...prefix, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const done = new Promise<Run>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? -1 : 0), stdout, stderr }));
  });
  return { child, done };
}

/** Polls `probe` every 25 ms until it returns true; throws after `timeoutMs`. */
export async function waitFor(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Whether a table exists in the project's database (read on a fresh raw connection). */
export async function tableExists(p: Project, table: string): Promise<boolean> {
  const db = await p.open();
  try {
    const rows =
      p.dialect === "postgresql"
        ? await db.query("SELECT to_regclass($1) IS NOT NULL AS present", [`"${p.schema}"."${table}"`])
        : p.dialect === "mysql"
          ? await db.query(
              "SELECT count(*) > 0 AS present FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?",
              [table],
            )
          : await db.query("SELECT count(*) > 0 AS present FROM sqlite_master WHERE type = 'table' AND name = ?", [
              table,
            ]);
    return rows[0]?.present === true || Number(rows[0]?.present) === 1;
  } finally {
    await db.close();
  }
}

/** The event types of the project's history, oldest first. */
export async function eventTypes(p: Project): Promise<string[]> {
  const db = await p.open();
  try {
    const q = dialectNamed(p.dialect).quoteIdent;
    const rows = await db.query(`SELECT ${q("type")} FROM pormg_migration_events ORDER BY ${q("id")}`);
    return rows.map((r) => String(r.type));
  } finally {
    await db.close();
  }
}

/** Throws with the output unless the run exited 0. */
export function ok(r: Run): Run {
  if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/**
 * Checks that `status`'s `lock` is free of the given pormg processes. SQLite's lock is per file and
 * MySQL's named lock per database (`pormg::<database>::migrations`), so it must be `null`. PostgreSQL's is one per database (PormG's key), shared with every other test
 * running on the same server, so a holder is accepted only when its application_name names none of `pids`.
 */
export function expectLockFree(lock: unknown, dialect: DialectName, pids: readonly (number | undefined)[]): void {
  if (dialect === "sqlite" || dialect === "mysql" || lock === null) {
    expect(lock).toBeNull();
    return;
  }
  const name = String((lock as { applicationName?: unknown }).applicationName ?? "");
  for (const pid of pids) expect(name.endsWith(`:${pid}`)).toBe(false);
}

/**
 * How many history events applying a plan of `steps` steps records: `planned` and `applied`, plus,
 * on a dialect without transactional DDL (MySQL), a `step_applied` event for each step, which runs
 * on its own after the `applied` commit.
 */
export function planEvents(dialect: DialectName, steps: number): number {
  return 2 + (dialectNamed(dialect).capabilities.transactionalDdl ? 0 : steps);
}

/** The event types applying one plan of `steps` steps records, in order (see {@link planEvents}). */
export function planEventTypes(dialect: DialectName, steps: number): string[] {
  const perStep = dialectNamed(dialect).capabilities.transactionalDdl ? 0 : steps;
  return ["planned", "applied", ...Array.from({ length: perStep }, () => "step_applied")];
}

/** The project's dialect's quoting of an identifier (`"name"`, or `` `name` `` on MySQL). */
export function ident(p: Pick<Project, "dialect">, name: string): string {
  return dialectNamed(p.dialect).quoteIdent(name);
}
