import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PormgError } from "../core/errors.ts";
import { CONNECTION_FILE } from "./config.ts";

/** The `connection.yml` that `pormg setup` writes: SQLite for dev, PostgreSQL for test and prod. */
export const CONNECTION_TEMPLATE = `# pormg connection settings: one block per environment.
# Pick one with --env or PORMG_ENV; default_env applies otherwise.
# Any value may use \${VAR} or \${VAR:-default}, so secrets stay out of this file.
# --url or PORMG_DATABASE_URL replace the target of the chosen environment.
default_env: dev

dev:
  adapter: SQLite
  database: dev.sqlite          # relative paths resolve inside this folder
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

/** The files `pormg setup` creates, relative to the folder. */
export const SCAFFOLD_FILES: Readonly<Record<string, string>> = {
  [CONNECTION_FILE]: CONNECTION_TEMPLATE,
  "models.ts": MODELS_TEMPLATE,
};

/**
 * Creates `folder` (if needed) with `connection.yml` and `models.ts`. Existing files are never
 * overwritten: if any of them exists, nothing is written and a `CONFIG_EXISTS` error (exit 78)
 * names them. Returns the paths written.
 */
export function scaffold(folder: string, shownFolder = folder): string[] {
  const existing = Object.keys(SCAFFOLD_FILES).filter((name) => existsSync(join(folder, name)));
  if (existing.length > 0) {
    const names = existing.map((name) => `${shownFolder}/${name}`);
    throw new PormgError(
      "CONFIG_EXISTS",
      `${names.join(" and ")} already exist${existing.length === 1 ? "s" : ""}; setup never overwrites a file. ` +
        "Move it aside to scaffold afresh, or edit it in place.",
      { existing: names },
    );
  }
  mkdirSync(folder, { recursive: true });
  return Object.entries(SCAFFOLD_FILES).map(([name, text]) => {
    const path = join(folder, name);
    writeFileSync(path, text, { flag: "wx" });
    return path;
  });
}
