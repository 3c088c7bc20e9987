import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The SQLite file of the `dev` environment in the `connection.yml` that `pormg setup` writes. */
export const DEV_DATABASE = "dev.sqlite";

/** The `connection.yml` that `pormg setup` writes: SQLite for dev, PostgreSQL for test and prod. */
export const CONNECTION_TEMPLATE = `# pormg connection settings: one block per environment.
# Pick one with --env or PORMG_ENV; default_env applies otherwise.
# Any value may use \${VAR} or \${VAR:-default}, so secrets stay out of this file.
# --url or PORMG_DATABASE_URL replace the target of the chosen environment.
default_env: dev

dev:
  adapter: SQLite
  database: ${DEV_DATABASE}          # relative paths resolve inside this folder
  config:
    change_db: true             # allow migrate to change the schema
    change_data: true

test:
  adapter: PostgreSQL
  host: \${PGHOST:-127.0.0.1}
  port: \${PGPORT:-5432}
  database: \${PGDATABASE:-test}
  username: \${PGUSER:-postgres}
  password: \${PGPASSWORD:-}
  config:
    change_db: true
    change_data: true

prod:
  adapter: PostgreSQL
  url: \${DATABASE_URL}         # postgres://user:password@host:5432/dbname
  config:
    change_db: false            # set to true on the role that runs migrations
    change_data: true
`;

/** The `models.ts` that `pormg setup` writes: loadable as is, with a commented example to start from. */
export const MODELS_TEMPLATE = `// Models for this database folder. Each exported Models.Model is one table:
// the table is the lowercased export name (or dbTable), each field a column.
// Run \`pormg info\` to check that this file loads, \`pormg schema --from models\` to see its DDL.
import { Models } from "pormg";

// export const Circuit = Models.Model({
//   circuitId: Models.IDField(),
//   name: Models.CharField({ maxLength: 255 }),
//   lat: Models.FloatField({ null: true }),
// });
//
// export const Race = Models.Model(
//   {
//     raceId: Models.IDField(),
//     circuit: Models.ForeignKey(Circuit, { onDelete: "CASCADE" }),
//     year: Models.IntegerField(),
//   },
//   { indexes: [Models.Index({ fields: ["year", "circuit"] })] },
// );
`;

/** What `pormg setup` did with one file: wrote it, left an existing one alone, or appended lines to it. */
export type ScaffoldOutcome = "created" | "kept" | "updated";

/** Writes `text` to `path` unless a file is there (never overwrites), creating its folder; says which. */
export function writeIfMissing(path: string, text: string): ScaffoldOutcome {
  if (existsSync(path)) return "kept";
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text, { flag: "wx" });
  return "created";
}

/**
 * The lines of the folder's `.gitignore`: the SQLite migration lock (`<database>.pormg-lock`),
 * the backups `migrate` takes (`<database>.pormg-backup-<version>`), the temporary file
 * `import-models` writes, and each local SQLite database file of the folder (with its journal,
 * WAL and shared-memory files), given relative to the folder.
 */
export function gitignoreLines(databaseFiles: readonly string[]): string[] {
  const files = databaseFiles.flatMap((file) => [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]);
  return ["*.pormg-lock", "*.pormg-backup-*", "*.pormg-tmp-*", ...files];
}

const GITIGNORE_HEADER =
  "# pormg: local databases, the migration lock and backups (the migrations/ folder is committed)";

/**
 * Writes `folder/.gitignore` with `lines`; an existing one is kept, with the lines it lacks
 * appended (under a `# pormg` comment). Returns what happened and the lines appended to an existing file.
 */
export function ensureGitignore(
  folder: string,
  lines: readonly string[],
): { outcome: ScaffoldOutcome; added: string[] } {
  const path = join(folder, ".gitignore");
  if (!existsSync(path)) {
    writeIfMissing(path, `${[GITIGNORE_HEADER, ...lines].join("\n")}\n`);
    return { outcome: "created", added: [] };
  }
  const text = readFileSync(path, "utf8");
  const present = new Set(text.split(/\r?\n/).map((line) => line.trim()));
  const added = lines.filter((line) => !present.has(line));
  if (added.length === 0) return { outcome: "kept", added };
  const separator = text === "" || text.endsWith("\n") ? "" : "\n";
  appendFileSync(path, `${separator}${[GITIGNORE_HEADER, ...added].join("\n")}\n`);
  return { outcome: "updated", added };
}
