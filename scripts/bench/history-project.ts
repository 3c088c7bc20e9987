/**
 * A pormg project with a history of N applied plans, for the `status` / `migrate` history benchmarks.
 * Plan 1 creates one table `t1` (through the real `makemigrations` and `migrate`); plans 2..N are
 * data plans (`makemigrations --empty`'s header, one no-op UPDATE each, distinct SQL so distinct
 * checksums) written straight into the archive with their models snapshots, then applied by one
 * `migrate`. The schema is the same whatever N, so only the history's length varies.
 * On PostgreSQL the project uses its own schema on `url` (named after `dir`), dropped first.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";

const root = resolve(import.meta.dir, "../..");

const MODELS = `import { Models } from "pormg";
export const T1 = Models.Model({ id: Models.IDField() });
`;

function pormg(dir: string, ...args: string[]): string {
  const bin = process.env.PORMG_BIN;
  const cmd = bin ? [bin] : [process.execPath, join(root, "cmd", "pormg.ts")];
  const run = spawnSync(cmd[0] as string, [...cmd.slice(1), ...args, "--db", dir, "--non-interactive"], {
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`pormg ${args.join(" ")} failed (${run.status}): ${run.stderr}${run.stdout}`);
  return run.stdout;
}

function version(ms: number): string {
  return new Date(ms).toISOString().replace(/\D/g, "").slice(0, 17);
}

function psql(url: string, sql: string): void {
  const run = spawnSync("psql", [url, "-qXv", "ON_ERROR_STOP=1", "-c", sql], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`psql failed: ${run.stderr}`);
}

/** Creates `dir` (replacing it) with connection.yml, models.ts and `plans` applied plans. */
export async function historyProject(opts: {
  dialect: "postgresql" | "sqlite";
  url?: string;
  plans: number;
  dir: string;
}): Promise<void> {
  const { dir } = opts;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (opts.dialect === "postgresql") {
    const url = opts.url ?? process.env.PORMG_TEST_PG_URL;
    if (!url) throw new Error("historyProject: PostgreSQL needs url (or PORMG_TEST_PG_URL)");
    const schema = `hist_${basename(dir).replace(/[^A-Za-z0-9_]/g, "_")}`.toLowerCase();
    psql(url, `DROP SCHEMA IF EXISTS "${schema}" CASCADE; CREATE SCHEMA "${schema}"`);
    writeFileSync(
      join(dir, "connection.yml"),
      `default_env: dev\ndev:\n  adapter: PostgreSQL\n  url: ${url}\n  schema: ${schema}\n  config:\n    change_db: true\n    change_data: true\n`,
    );
  } else
    writeFileSync(
      join(dir, "connection.yml"),
      "default_env: dev\ndev:\n  adapter: SQLite\n  database: dev.sqlite\n  config:\n    change_db: true\n    change_data: true\n",
    );
  writeFileSync(join(dir, "models.ts"), MODELS);
  pormg(dir, "makemigrations", "--name", "t1");
  pormg(dir, "migrate");
  if (opts.plans <= 1) return;
  // The header of a data plan on the current schema (its table fingerprint), from the real CLI.
  pormg(dir, "makemigrations", "--empty", "--name", "template");
  const migrations = join(dir, "migrations");
  const pendingFile = readdirSync(migrations).find((f) => f.endsWith(".sql"));
  if (!pendingFile) throw new Error("historyProject: makemigrations --empty wrote no plan");
  const template = readFileSync(join(migrations, pendingFile), "utf8");
  rmSync(join(migrations, pendingFile));
  const header = template
    .split("\n")
    .filter((l) => l.startsWith("-- pormg-") && !/^-- pormg-(version|name|generated-checksum):/.test(l));
  const archive = join(migrations, "applied_migrations");
  const start = Date.now() + 1000;
  for (let i = 2; i <= opts.plans; i++) {
    const v = version(start + i * 1000);
    const sql = `UPDATE "t1" SET "id" = "id" WHERE "id" = -${i};`;
    const checksum = createHash("sha256").update(sql).digest("hex");
    const [format, ...rest] = header;
    const text = [
      format,
      `-- pormg-version: ${v}`,
      `-- pormg-name: data_${i}`,
      ...rest,
      `-- pormg-generated-checksum: ${checksum}`,
      `-- pormg-applied-checksum: ${checksum}`,
      `-- step: Data (post): data_${i}`,
      sql,
      "",
    ].join("\n");
    writeFileSync(join(archive, `${v}_data_${i}.sql`), text);
    writeFileSync(join(archive, `${v}_data_${i}.models.ts`), MODELS);
  }
  pormg(dir, "migrate");
}

if (import.meta.main) {
  const [dialect, plans, dir] = process.argv.slice(2);
  if ((dialect !== "postgresql" && dialect !== "sqlite") || !plans || !dir)
    throw new Error("usage: bun scripts/bench/history-project.ts postgresql|sqlite <plans> <dir>");
  const started = performance.now();
  await historyProject({ dialect, plans: Number(plans), dir: resolve(dir) });
  console.log(`${dir}: ${plans} plan(s) in ${Math.round(performance.now() - started)} ms`);
}
