/**
 * Templates of the `migrate` case, built once (untimed): a PostgreSQL template database and a pormg
 * folder whose pending plan is one `ALTER TABLE … ADD COLUMN` with its history applied, and, from
 * the 10-table one, the same database without pormg's tables for dbmate (its own baseline applied,
 * the same SQL as its next migration) and `psql -f`. A timed run copies the template database and
 * the folder (`pormgRun`) so every run starts from the same state.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dbmateBinary, dbmateUrl } from "./dbmate.ts";
import { historyProject } from "./history-project.ts";
import { createDatabase, dropDatabase, tag } from "./pg-databases.ts";
import { PG_URL, withDatabase } from "./pg-schema.ts";
import { binary, type Command, must } from "./timing.ts";

/** A template database and the pormg folder that migrates it. */
export interface PormgTemplate {
  readonly database: string;
  readonly folder: string;
  /** The pending plan's SQL, without its comments. */
  readonly sql: string;
}

const pormg = (folder: string, ...args: string[]) => must([binary(), ...args, "--db", folder, "--non-interactive"]);

const tableName = (n: number) => `T${String(n).padStart(5, "0")}`;

/** models.ts with `tables` tables of 8 columns, each but the first referencing the previous one. */
function modelsTs(tables: number, extra: boolean): string {
  const lines = ['import { Models } from "pormg";'];
  for (let n = 1; n <= tables; n++) {
    const fields = [
      "id: Models.IDField()",
      ...(n > 1 ? [`parent: Models.ForeignKey("${tableName(n - 1)}", { onDelete: "CASCADE", null: true })`] : []),
      "name: Models.CharField({ maxLength: 80 })",
      "note: Models.TextField({ null: true })",
      "qty: Models.IntegerField({ default: 0 })",
      "price: Models.DecimalField({ maxDigits: 12, decimalPlaces: 2, null: true })",
      "created: Models.DateTimeField({ null: true })",
      "active: Models.BooleanField({ default: true })",
      ...(extra && n === 1 ? ["extra: Models.TextField({ null: true })"] : []),
    ];
    lines.push(
      `export const ${tableName(n)} = Models.Model({ ${fields.join(", ")} }, { indexes: [Models.Index({ fields: ["name"] })] });`,
    );
  }
  return `${lines.join("\n")}\n`;
}

function pendingSql(folder: string): string {
  const text = readFileSync(join(folder, "migrations", "pending_migrations.sql"), "utf8");
  const sql = text
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.startsWith("--"))
    .join("\n");
  if (!/^ALTER TABLE .* ADD COLUMN [^;]*;$/.test(sql)) throw new Error(`not a one-statement ADD COLUMN plan: ${sql}`);
  return sql;
}

function connectionYml(url: string, schema?: string): string {
  return (
    `default_env: dev\ndev:\n  adapter: PostgreSQL\n  url: ${url}\n${schema ? `  schema: ${schema}\n` : ""}` +
    "  config:\n    change_db: true\n    change_data: true\n"
  );
}

/** A `tables`-table schema created by one applied plan, and a pending ADD COLUMN plan. */
export function tablesTemplate(base: string, tables: number): PormgTemplate {
  const database = tag(`tpl_t${tables}`);
  const url = createDatabase(database);
  const folder = join(base, `tables-${tables}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, "connection.yml"), connectionYml(url));
  writeFileSync(join(folder, "models.ts"), modelsTs(tables, false));
  pormg(folder, "makemigrations", "--name", "init");
  pormg(folder, "migrate");
  writeFileSync(join(folder, "models.ts"), modelsTs(tables, true));
  pormg(folder, "makemigrations", "--name", "add_extra");
  return { database, folder, sql: pendingSql(folder) };
}

/** historyProject's one-table project with `plans` applied plans, and a pending ADD COLUMN plan. */
export async function historyTemplate(base: string, plans: number): Promise<PormgTemplate> {
  const database = tag(`tpl_h${plans}`);
  const url = createDatabase(database);
  const folder = join(base, `history-${plans}`);
  process.env.PORMG_BIN ??= binary();
  await historyProject({ dialect: "postgresql", url, plans, dir: folder });
  const models = readFileSync(join(folder, "models.ts"), "utf8");
  const extended = models.replace(
    "id: Models.IDField() }",
    "id: Models.IDField(), extra: Models.TextField({ null: true }) }",
  );
  if (extended === models) throw new Error("historyTemplate: unexpected models.ts from historyProject");
  writeFileSync(join(folder, "models.ts"), extended);
  pormg(folder, "makemigrations", "--name", "add_extra");
  return { database, folder, sql: pendingSql(folder) };
}

let runs = 0;

/** `pormg migrate` on a fresh copy of the template database and folder, for every run. */
export function pormgRun(base: string, template: PormgTemplate): Command {
  let current: { database: string; folder: string } | undefined;
  return {
    argv: [binary(), "migrate"],
    prepare: () => {
      const database = tag(`run_${++runs}`);
      const url = createDatabase(database, template.database);
      const folder = join(base, `run-${runs}`);
      cpSync(template.folder, folder, { recursive: true });
      current = { database, folder };
      return [binary(), "migrate", "--db", folder, "--url", url, "--non-interactive"];
    },
    cleanup: () => {
      if (!current) return;
      dropDatabase(current.database);
      rmSync(current.folder, { recursive: true, force: true });
      current = undefined;
    },
  };
}

/** The template's database without pormg's history, as dbmate and psql start from it. */
export interface PlainTemplate {
  readonly database: string;
  /** dbmate's migrations folder: a baseline (applied in the template) and the plan's SQL. */
  readonly migrations: string;
  /** The plan's SQL for `psql -f`. */
  readonly sqlFile: string;
}

export function plainTemplate(base: string, template: PormgTemplate): PlainTemplate {
  const database = tag("tpl_plain");
  const url = createDatabase(database, template.database);
  const tables = must(
    ["psql", url, "-XAtc", "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'pormg%'"],
    {},
  )
    .split("\n")
    .filter(Boolean);
  must(["psql", url, "-qX", "-v", "ON_ERROR_STOP=1", "-c", tables.map((t) => `DROP TABLE "${t}" CASCADE;`).join(" ")]);
  const migrations = join(base, "dbmate-migrations");
  mkdirSync(migrations, { recursive: true });
  writeFileSync(join(migrations, "20260101000000_baseline.sql"), "-- migrate:up\nSELECT 1;\n\n-- migrate:down\n");
  must([dbmateBinary(), "--url", dbmateUrl(url), "--migrations-dir", migrations, "--no-dump-schema", "up"]);
  writeFileSync(
    join(migrations, "20260101000001_add_extra.sql"),
    `-- migrate:up\n${template.sql}\n\n-- migrate:down\n`,
  );
  const sqlFile = join(base, "add_extra.sql");
  writeFileSync(sqlFile, `${template.sql}\n`);
  if (readdirSync(migrations).length !== 2) throw new Error("plainTemplate: unexpected dbmate migrations");
  return { database, migrations, sqlFile };
}

/** A reference tool's run on a fresh copy of the plain template: `argv(url)` is its command. */
export function plainRun(plain: PlainTemplate, argv: (url: string) => string[]): Command {
  let current: string | undefined;
  return {
    argv: argv(withDatabase(PG_URL, plain.database)),
    prepare: () => {
      current = tag(`run_${++runs}`);
      return argv(createDatabase(current, plain.database));
    },
    cleanup: () => {
      if (current) dropDatabase(current);
      current = undefined;
    },
  };
}
