import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compiledBinary, type Run, runAsync } from "../../lib/cli.ts";
import { type Case, caseId } from "./case.ts";
import { catalogFacts, createSide, readTables, type Side, type TableRows, using } from "./databases.ts";

/** What happened to one case: the outcome reached and every way it fell short of its expectation. */
export interface CaseResult {
  readonly id: string;
  readonly outcome: "converged" | "refused" | "failed";
  /** Empty when the case met its expectation. */
  readonly failures: readonly string[];
  readonly ms: number;
}

type Json = Record<string, unknown>;

let counter = 0;

/**
 * Runs the compiled binary (`PORMG_BINARY` in CI, else one built on first use): the same CLI as
 * from source, started about three times faster, which is most of the corpus's run time.
 */
async function cli(side: Side, args: readonly string[]): Promise<Run & { json?: Json }> {
  const r = await runAsync(compiledBinary(), args, { cwd: side.cwd });
  if (!args.includes("--json")) return r;
  try {
    return { ...r, json: JSON.parse(r.stdout) as Json };
  } catch {
    return r;
  }
}

function show(args: readonly string[], r: Run): string {
  const out = `${r.stdout}\n${r.stderr}`.trim().split("\n").slice(0, 40).join("\n");
  return `pormg ${args.join(" ")} → exit ${r.code}\n${out}`;
}

/**
 * Runs one case end to end through the CLI: `after` → import-models → check clean; `before` +
 * seed → makemigrations → migrate → check clean, `schema --from db` equal, no row lost; or the
 * expected refusal.
 */
export async function runCase(c: Case): Promise<CaseResult> {
  const started = performance.now();
  const id = caseId(c);
  const failures: string[] = [];
  const tag = `${++counter}`;
  const sides: Side[] = [];
  const done = (outcome: CaseResult["outcome"]): CaseResult => ({
    id,
    outcome: failures.length ? "failed" : outcome,
    failures,
    ms: Math.round(performance.now() - started),
  });
  try {
    const options = { dialect: c.dialect, extensions: c.extensions, ignoreTables: c.ignoreTables };
    const after = await createSide({ ...options, tag: `${tag}_a` });
    sides.push(after);
    const before = await createSide({ ...options, tag: `${tag}_b` });
    sides.push(before);

    // The `after` side: load, import, and the imported models must agree with it.
    await using(after, async (db) => {
      for (const e of c.extensions ?? []) await db.execute(`CREATE EXTENSION IF NOT EXISTS "${e}"`);
      await db.execute(c.after);
    });
    const imported = await cli(after, ["import-models", "--json"]);
    if (imported.code !== 0) {
      failures.push(`after: ${show(["import-models"], imported)}`);
      return done("failed");
    }
    if (!(Number(imported.json?.models) > 0))
      failures.push("after: import-models imported no model (a case must test something)");
    const afterCheck = await cli(after, ["check"]);
    if (afterCheck.code !== 0)
      failures.push(`after: import-models then check is not clean: ${show(["check"], afterCheck)}`);
    const afterSchema = await cli(after, ["schema", "--from", "db"]);
    if (afterSchema.code !== 0) failures.push(`after: ${show(["schema", "--from", "db"], afterSchema)}`);

    // The `before` side: load, seed, take the imported models, plan.
    await using(before, async (db) => {
      await db.execute(c.before);
      if (c.seed) await db.execute(c.seed);
    });
    copyFileSync(join(after.cwd, "db", "models.ts"), join(before.cwd, "db", "models.ts"));
    const rowsBefore = await readTables(before);
    const makeArgs = ["makemigrations", "--json", ...(c.renames ?? []).flatMap((r) => ["--rename", r])];
    const made = await cli(before, makeArgs);
    const pending = join(before.cwd, "db", "migrations", "pending_migrations.sql");

    if ("refused" in c.expect && (c.expect.at ?? "makemigrations") === "makemigrations") {
      const err = made.json?.error as Json | undefined;
      if (made.code !== 3 || err?.code !== c.expect.refused)
        failures.push(`expected makemigrations to refuse with ${c.expect.refused}: ${show(makeArgs, made)}`);
      else {
        const message = String(err.message);
        for (const name of c.expect.names)
          if (!message.includes(name)) failures.push(`the refusal does not name ${name}: ${message}`);
        if (existsSync(pending)) failures.push("the refused makemigrations wrote a plan");
      }
      return done("refused");
    }
    // No plan is right only when the two schemas already agree; the comparisons below decide that.
    const nothing = made.code === 0 && made.json?.outcome === "nothing_to_do" && !c.dataPre && !c.dataPost;
    if (!nothing && (made.code !== 0 || made.json?.outcome !== "written")) {
      failures.push(`makemigrations did not write a plan: ${show(makeArgs, made)}`);
      return done("failed");
    }
    if (nothing)
      return await converged(c, after, before, afterSchema, rowsBefore, "(no plan: nothing to do)", failures, done);
    const plan = readFileSync(pending, "utf8");
    const planned = made.json ?? {};
    if (c.dataPre || c.dataPost) writeFileSync(pending, withDataSteps(plan, c));
    if ("converges" in c.expect && planned.destructive !== c.expect.destructive)
      failures.push(
        `makemigrations planned destructive=${planned.destructive}, expected ${c.expect.destructive}:\n${plan}`,
      );
    // A mismatch is already a failure; confirm what the plan says, so the rest of the case still runs.
    const destructive = planned.destructive === true && "converges" in c.expect;
    const migrateArgs = ["migrate", "--json", ...(destructive ? ["--destructive"] : [])];
    const migrated = await cli(before, migrateArgs);
    if ("refused" in c.expect) {
      const err = migrated.json?.error as Json | undefined;
      if (migrated.code !== 3 || err?.code !== c.expect.refused)
        failures.push(`expected migrate to refuse with ${c.expect.refused}: ${show(migrateArgs, migrated)}\n${plan}`);
      else
        for (const name of c.expect.names)
          if (!String(err.message).includes(name)) failures.push(`the refusal does not name ${name}: ${err.message}`);
      return done("refused");
    }
    if (migrated.code !== 0 || migrated.json?.outcome !== "applied") {
      failures.push(`migrate did not apply: ${show(migrateArgs, migrated)}\n${plan}`);
      return done("failed");
    }

    return await converged(c, after, before, afterSchema, rowsBefore, plan, failures, done);
  } catch (e) {
    failures.push(`runner error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return done("failed");
  } finally {
    if (process.env.PORMG_CORPUS_KEEP) console.log(`kept ${id}: ${sides.map((s) => s.cwd).join(" ")}`);
    else
      for (const s of sides) {
        await s.drop().catch(() => {});
        rmSync(s.cwd, { recursive: true, force: true });
      }
  }
}

/** Converged: check is clean, both databases print the same schema, and no row was lost. */
async function converged(
  c: Case,
  after: Side,
  before: Side,
  afterSchema: Run,
  rowsBefore: Map<string, TableRows>,
  plan: string,
  failures: string[],
  done: (outcome: CaseResult["outcome"]) => CaseResult,
): Promise<CaseResult> {
  const check = await cli(before, ["check"]);
  if (check.code !== 0) failures.push(`check after migrate is not clean: ${show(["check"], check)}\n${plan}`);
  const beforeSchema = await cli(before, ["schema", "--from", "db"]);
  const [a, b] = [comparable(afterSchema, c.dialect), comparable(beforeSchema, c.dialect)];
  if (a !== b) failures.push(`schema --from db differs:\n${diffLines(a, b)}\n${plan}`);
  // The databases' own catalogs, read without pormg, must agree too: a clause pormg does not carry
  // would otherwise pass as converged.
  const ignore = c.ignoreTables ?? [];
  const [factsA, factsB] = [await catalogFacts(after, ignore), await catalogFacts(before, ignore)];
  const onlyA = factsA.filter((f) => !factsB.includes(f));
  const onlyB = factsB.filter((f) => !factsA.includes(f));
  if (onlyA.length || onlyB.length)
    failures.push(
      `the catalogs differ:\n${[...onlyA.map((f) => `- after  ${f}`), ...onlyB.map((f) => `+ before ${f}`)].join("\n")}\n${plan}`,
    );
  failures.push(...lostRows(c, rowsBefore, await readTables(before)));
  return done("converged");
}

/**
 * `schema --from db` as compared: the DDL with each table's column lines in name order (a column
 * added by a migration comes last, wherever the `after` script wrote it), then the objects pormg
 * lists as not managed (stderr), the case's own schemas left out. On SQLite, whose identifiers are
 * case-insensitive (`USERS` is the table the models call `users`), quoted names compare folded.
 */
export function comparable(r: Run, dialect: Case["dialect"]): string {
  const text = dialect === "sqlite" ? r.stdout.replace(/"(?:[^"]|"")*"/g, (q) => q.toLowerCase()) : r.stdout;
  const ddl = text.replace(/^(CREATE TABLE [^\n]*\(\n)([\s\S]*?)(\n\)[^\n]*;)$/gm, (_m, head, body, tail) => {
    const lines = (body as string).split("\n").map((l) => l.replace(/,$/, ""));
    const columns = lines.filter((l) => !/^\s*(CONSTRAINT|PRIMARY KEY|UNIQUE|CHECK|FOREIGN KEY)\b/.test(l)).sort();
    const rest = lines.filter((l) => /^\s*(CONSTRAINT|PRIMARY KEY|UNIQUE|CHECK|FOREIGN KEY)\b/.test(l));
    return `${head}${[...columns, ...rest].join(",\n")}${tail}`;
  });
  const unmanaged = r.stderr
    .split("\n")
    .filter((l) => l.startsWith("--   ") && !/^--\s+schema /.test(l))
    .join("\n");
  return unmanaged ? `${ddl}\n-- not managed:\n${unmanaged}` : ddl;
}

/** The plan with the case's data steps appended, every `rows` finding marked handled by the pre step. */
export function withDataSteps(plan: string, c: Case): string {
  let out = plan;
  if (c.dataPre) out = out.replace(/^(-- pormg-lossy: \{.*"kind":"rows".*)\}$/gm, '$1,"handled":"pre"}');
  if (!out.endsWith("\n")) out += "\n";
  if (c.dataPre) out += `-- step: Data (pre): corpus ${c.name}\n${c.dataPre.trim()}\n`;
  if (c.dataPost) out += `-- step: Data (post): corpus ${c.name}\n${c.dataPost.trim()}\n`;
  return out;
}

/** Lines only in `a` (-) or only in `b` (+). */
function diffLines(a: string, b: string): string {
  const left = a.split("\n");
  const right = b.split("\n");
  const only = (xs: string[], ys: string[], mark: string) =>
    xs.filter((x) => !ys.includes(x)).map((x) => `${mark} ${x}`);
  return [...only(left, right, "- after "), ...only(right, left, "+ before")].join("\n") || "(order differs)";
}

/** Rows of surviving tables that the migration lost or changed (renames followed). */
export function lostRows(c: Case, before: Map<string, TableRows>, after: Map<string, TableRows>): string[] {
  const failures: string[] = [];
  const tableRenames = new Map<string, string>();
  const columnRenames = new Map<string, string>(); // "newTable.old" → "new"
  for (const hint of c.renames ?? []) {
    const [from = "", to = ""] = hint.split("=");
    if (from.includes(".")) {
      const [table = "", column = ""] = from.split(".");
      columnRenames.set(`${table}.${column}`, to.split(".")[1] ?? "");
    } else if (to) tableRenames.set(from, to);
  }
  const fold = (s: string) => (c.dialect === "sqlite" ? s.toLowerCase() : s);
  const find = <T>(m: Map<string, T>, name: string): [string, T] | undefined => {
    for (const [k, v] of m) if (fold(k) === fold(name)) return [k, v];
    return undefined;
  };
  const changed = new Set((c.valuesChange ?? []).map(fold));
  for (const [table, old] of before) {
    const found = find(after, tableRenames.get(table) ?? table);
    if (!found) continue;
    const [newTable, now] = found;
    if (now.rows.length !== old.rows.length) {
      failures.push(`${table}: ${old.rows.length} row(s) before, ${now.rows.length} after`);
      continue;
    }
    const pairs: [string, string][] = [];
    for (const col of old.columns) {
      const target = columnRenames.get(`${newTable}.${col}`) ?? col;
      const match = now.columns.find((x) => fold(x) === fold(target));
      if (match && !changed.has(fold(`${newTable}.${match}`))) pairs.push([col, match]);
    }
    const project = (rows: readonly Record<string, string | null>[], pick: (p: [string, string]) => string) =>
      rows.map((r) => JSON.stringify(pairs.map((p) => r[pick(p)] ?? null))).sort();
    const a = project(old.rows, (p) => p[0]);
    const b = project(now.rows, (p) => p[1]);
    const lost = a.filter((x, i) => x !== b[i]);
    if (lost.length)
      failures.push(
        `${table}: values changed in ${pairs.map((p) => p[1]).join(", ")}: before ${a.join(" ")} | after ${b.join(" ")}`,
      );
  }
  return failures;
}
