import { PormgError } from "../core/errors.ts";
import { ignorePrefixOf } from "../schema/ignore-lists.ts";
import { joinTableDeclarations } from "./join-tables.ts";
import type { ModelDialect } from "./model-rules.ts";
import { modelSet } from "./resolve.ts";
import type { Model } from "./types.ts";

/**
 * The problems of managed models whose table an ignore prefix covers: introspection never reads
 * such a table, so pormg would plan `CREATE TABLE` of a table that may exist and never see its
 * changes. One line per table, naming the model (or join table), the table, the prefix and where
 * it comes from, with the fix. `managed: false` models are fine (pormg never creates them). Pure.
 */
export function ignoredTableProblems(
  models: Readonly<Record<string, Model>>,
  dialect: ModelDialect,
  ignoreTables: readonly string[],
): string[] {
  const set = modelSet(models);
  const declared = [
    ...set.entries.filter((e) => e.managed).map((e) => ({ at: `Model "${e.name}"`, table: e.table })),
    ...joinTableDeclarations(set)
      .filter((j) => j.target !== undefined && (j.owner.managed || j.target.managed))
      .map((j) => ({ at: `Model "${j.owner.name}" field "${j.fieldName}" join table`, table: j.table })),
  ];
  return declared.flatMap(({ at, table }) => {
    const match = ignorePrefixOf(table, dialect.ignoredTablePrefixes, ignoreTables);
    if (!match) return [];
    const source = match.builtIn
      ? `pormg's built-in ignore list for ${dialect.label}`
      : "ignore_tables in connection.yml";
    const fix = match.builtIn
      ? "give it another table name (dbTable), or set managed: false to use it for queries only"
      : `remove "${match.prefix}" from ignore_tables, give it another table name (dbTable), or set managed: false to use it for queries only`;
    return [
      `${at}: table "${table}" starts with the ignored prefix "${match.prefix}" (${source}); pormg never reads such ` +
        `tables, so it would plan CREATE TABLE of a table that may already exist. Fix: ${fix}`,
    ];
  });
}

/** Throws `MODEL_INVALID` (exit 78) when a managed model's table is covered by an ignore prefix ({@link ignoredTableProblems}). */
export function assertNoIgnoredTables(
  models: Readonly<Record<string, Model>>,
  dialect: ModelDialect,
  ignoreTables: readonly string[],
): void {
  const problems = ignoredTableProblems(models, dialect, ignoreTables);
  if (problems.length === 0) return;
  throw new PormgError(
    "MODEL_INVALID",
    `${problems.length} problem${problems.length === 1 ? "" : "s"} in the models:\n${problems.join("\n")}`,
    { problems },
  );
}
