import { PormgError } from "../core/errors.ts";
import type { Table } from "../schema/ir.ts";
import type { ModelDialect } from "./model-rules.ts";

const bytes = (name: string) => new TextEncoder().encode(name).length;

/**
 * Refuses (`MODEL_INVALID`) physical names the dialect would silently cut (`maxIdentifierBytes`:
 * PostgreSQL cuts to 63 bytes) — a table,
 * a column, or an index or constraint the models name — since two long names that agree on their
 * first 63 bytes would collide at migrate (`relation already exists`) and a cut name never matches
 * the models again. Default constraint and index names are cut the way PostgreSQL cuts them and
 * are not checked. `modelOf` names the model a table comes from, for the message. SQLite keeps long
 * names whole; its case-insensitive collisions are refused where names are aligned.
 */
export function assertIdentifierLengths(
  tables: readonly Table[],
  dialect: ModelDialect,
  modelOf: (table: string) => string | undefined,
): void {
  const max = dialect.models.maxIdentifierBytes;
  if (max === undefined) return;
  const problems: string[] = [];
  const check = (what: string, name: string, table: string) => {
    // A UTF-16 code unit is at most 3 UTF-8 bytes: a short name needs no encoding.
    if (name.length * 3 <= max) return;
    const n = bytes(name);
    if (n <= max) return;
    const model = modelOf(table);
    problems.push(
      `  ${model ? `${model}: ` : ""}${what} "${name}" is ${n} bytes long; ${dialect.label} keeps only the first ${max} ` +
        `bytes of a name. Give a shorter one (${what.startsWith("table") ? "dbTable" : what.startsWith("column") ? "dbColumn" : "name"}).`,
    );
  };
  for (const t of tables) {
    check("table", t.name, t.name);
    for (const c of t.columns) check(`column "${t.name}".`, c.name, t.name);
    const named = [t.primaryKey, ...t.uniques, ...t.indexes, ...t.checks, ...t.foreignKeys];
    for (const item of named)
      if (item?.name !== undefined) check(`index or constraint of "${t.name}"`, item.name, t.name);
  }
  if (problems.length > 0)
    throw new PormgError(
      "MODEL_INVALID",
      `${problems.length} name${problems.length === 1 ? "" : "s"} too long for ${dialect.label} in the models:\n${problems.join("\n")}`,
      { problems },
    );
}
