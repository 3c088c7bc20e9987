/**
 * Runs the real CLI (as separate processes) through every command that prints a `--json`
 * document, on SQLite and on PostgreSQL, and collects what it printed by shape
 * (`pormg.<name>/1` → its documents). docs/json.md and docs/schemas/ describe these shapes;
 * test/e2e/json-schemas.test.ts validates every document collected here against them.
 */
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pormg, ROOT, type Run, tempDir } from "./cli.ts";

/** Every document printed, by its `schema` field. */
export type Collected = Map<
  string,
  { readonly command: string; readonly dialect: string; readonly doc: Record<string, unknown> }[]
>;

/** Parses one run's stdout as a JSON document and files it under its `schema`. */
function collect(
  into: Collected,
  dialect: string,
  args: readonly string[],
  r: Run,
  expectCode: number,
): Record<string, unknown> {
  const command = `pormg ${args.join(" ")}`;
  if (r.code !== expectCode)
    throw new Error(`${command}: exit ${r.code}, expected ${expectCode}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  const doc = JSON.parse(r.stdout) as Record<string, unknown>;
  const schema = String(doc.schema);
  const list = into.get(schema) ?? [];
  list.push({ command, dialect, doc });
  into.set(schema, list);
  return doc;
}

/** A runner bound to one working directory and a target (`--url`, or none for connection.yml). */
function runner(into: Collected, dialect: string, cwd: string, url?: string) {
  return (args: readonly string[], expectCode = 0) => {
    const full = [...args, "--db", "db", ...(url ? ["--url", url] : []), "--json"];
    return collect(into, dialect, full, pormg(full, { cwd }), expectCode);
  };
}

/**
 * The whole scenario on one dialect: setup (SQLite only: PostgreSQL reuses its folder), info,
 * makemigrations (written, pending, nothing_to_do, refused), dry-run (with and without --verify),
 * migrate (applied, refused, drift), status, check (agree, drift), schema, inspect,
 * import-models, init, history (list, verify, head, rebuild), the repairs, discard, --targets for
 * migrate/status/check, and errors.
 */
export function runScenario(into: Collected, dialect: "sqlite" | "postgresql", url?: string): void {
  const cwd = tempDir(`pormg-json-${dialect}-`);
  const run = runner(into, dialect, cwd, url);
  const example = join(ROOT, "scripts", "example");
  const versionArgs = ["--version", "--json"];
  collect(into, dialect, versionArgs, pormg(versionArgs, { cwd }), 0);
  run(["setup"]);
  run(["info"]);
  copyFileSync(join(example, "models.ts"), join(cwd, "db", "models.ts"));
  run(["makemigrations", "--check"], 2);
  run(["makemigrations", "--name", "first"]);
  run(["dry-run"]);
  run(["dry-run", "--verify"]);
  run(["makemigrations", "--empty", "--name", "data"], 3); // refused: a plan is pending
  run(["migrate"]);
  run(["migrate"]); // nothing_pending
  run(["status"]);
  run(["check"]);
  run(["schema", "--from", "db", "--format", "json"]);
  run(["schema"]);
  run(["inspect", "Result race__year=2024 driver__surname__@icontains=ham"]);
  run(["inspect", "Race year=2024", "--explain", "--operation", "count"]);
  run(["import-models", "--out", "imported.ts"]);
  run(["init"]);
  run(["history"]);
  run(["history", "verify"]);
  const head = run(["history", "head"]);
  run(["history", "rebuild"]);
  run(["makemigrations"]); // nothing_to_do

  // A destructive change: refused without --destructive, a drift when the database is changed
  // behind the models' back, then the repairs on a version that exists.
  const models = readFileSync(join(example, "models.ts"), "utf8");
  writeFileSync(join(cwd, "db", "models.ts"), models.replace("  lat: Models.FloatField({ null: true }),\n", ""));
  run(["makemigrations", "--name", "second"]);
  run(["migrate"], 3);
  const pending = join(cwd, "db", "migrations", "pending_migrations.sql");
  writeFileSync(
    pending,
    `${readFileSync(pending, "utf8")}-- step: Data (post): fails\nSELECT * FROM "no_such_table";\n`,
  );
  run(["dry-run", "--verify"], 1); // the failing statement
  run(["migrate", "--destructive"], 1); // STATEMENT_FAILED, recorded as failed
  run(["discard"]);
  run(["discard"]); // nothing to discard
  copyFileSync(join(example, "models.ts"), join(cwd, "db", "models.ts"));
  run(["check"]); // agree
  writeFileSync(
    join(cwd, "db", "models.ts"),
    `${models}\nexport const Extra = Models.Model({ id: Models.IDField() });\n`,
  );
  run(["check"], 2);
  run(["migrate"], 2); // drift: the models declare a table the database lacks
  writeFileSync(join(cwd, "targets.txt"), `${url ?? "dev"}\n`);
  for (const [command, code] of [
    ["migrate", 2],
    ["status", 0],
    ["check", 2],
  ] as const) {
    const args = [command, "--targets", "targets.txt", "--db", "db", "--json"];
    collect(into, dialect, args, pormg(args, { cwd }), code);
  }
  // The repairs, on the version that exists; last, since `remove` makes its archived plan pending again.
  const version = String(head.version);
  run(["mark-failed", version, "--reason", "docs"]);
  run(["mark-applied", version, "first", "--checksum", "0".repeat(64), "--reason", "docs"]);
  run(["remove", version, "--reason", "docs"]);
  run(["history", "bogus"], 64);
  const tui = run(["tui"], 64); // the dashboard refuses --json: pormg.tui/1 is never printed
  if (tui.schema !== "pormg.error/1") throw new Error(`tui --json printed ${String(tui.schema)}`);
  writeFileSync(
    join(cwd, "db", "models.ts"),
    'import { Models } from "pormg";\nexport const Broken = Models.Model({ id: Models.IDField({ nope: 1 }) });\n',
  );
  run(["info"], 78); // the models do not load
}
