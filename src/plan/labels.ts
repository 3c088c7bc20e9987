/**
 * Step labels, worded as PormG words them (`<table> | Add field: <col>` …). A label is one line of
 * the plan file (`-- step: <label>`), so line breaks in names are flattened to spaces.
 */
const oneLine = (text: string) => text.replace(/[\r\n]+/g, " ");
const at = (table: string, what: string) => oneLine(`${table} | ${what}`);
const list = (columns: readonly string[]) => columns.join(", ");
/** Records the makemigrations-time fact that chose an online variant. */
const held = (table: string) => ` (online: ${table} held rows)`;

/** The label of each generated step kind. */
export const stepLabel = {
  createTable: (table: string) => at(table, "Create table"),
  dropTable: (table: string) => at(table, "Drop table"),
  /** Labelled with the new name. */
  renameTable: (to: string) => at(to, "Rename table"),
  addField: (table: string, column: string) => at(table, `Add field: ${column}`),
  removeField: (table: string, column: string) => at(table, `Remove field: ${column}`),
  alterField: (table: string, column: string) => at(table, `Alter field: ${column}`),
  /** A generated column dropped and added again: its values are derived, so nothing is lost. */
  recreateGeneratedField: (table: string, column: string) =>
    at(table, `Re-create generated field: ${column} (derived values are recomputed; nothing is lost)`),
  /** A plain column replaced by a generated one: its stored values give way to computed ones. */
  makeFieldGenerated: (table: string, column: string) =>
    at(table, `Make field generated: ${column} (its stored values are replaced by computed ones)`),
  /** Labelled with the new column name. */
  renameField: (table: string, to: string) => at(table, `Rename field: ${to}`),
  setPrimaryKey: (table: string, columns: readonly string[]) => at(table, `Set primary key: ${list(columns)}`),
  removePrimaryKey: (table: string) => at(table, "Remove primary key"),
  newForeignKey: (table: string, columns: readonly string[]) => at(table, `New foreign key: ${list(columns)}`),
  removeForeignKey: (table: string, columns: readonly string[]) => at(table, `Remove foreign key: ${list(columns)}`),
  createIndex: (table: string, name: string) => at(table, `Create index: ${name}`),
  removeIndex: (table: string, name: string) => at(table, `Remove index: ${name}`),
  renameIndex: (table: string, to: string) => at(table, `Rename index: ${to}`),
  renameConstraint: (table: string, to: string) => at(table, `Rename constraint: ${to}`),
  createUnique: (table: string, name: string) => at(table, `Create unique constraint: ${name}`),
  removeUnique: (table: string, name: string) => at(table, `Remove unique constraint: ${name}`),
  createCheck: (table: string, name: string) => at(table, `Create check constraint: ${name}`),
  removeCheck: (table: string, name: string) => at(table, `Remove check constraint: ${name}`),
  /** `name` is the index whose parameters change; without it, the table's. */
  setStorage: (table: string, name?: string) =>
    at(table, name === undefined ? "Set storage parameters" : `Set storage parameters: ${name}`),
  alterForeignKey: (table: string, columns: readonly string[]) => at(table, `Alter foreign key: ${list(columns)}`),
  validateConstraint: (table: string, name: string) => at(table, `Validate constraint: ${name}`),
  /** Online variants (docs/online.md), each saying what it does and that the table held rows. */
  online: {
    createIndex: (table: string, name: string) => at(table, `Create index concurrently: ${name}${held(table)}`),
    createUniqueIndex: (table: string, name: string) =>
      at(table, `Create unique index concurrently: ${name}${held(table)}`),
    uniqueUsingIndex: (table: string, name: string) =>
      at(table, `Add unique constraint using index: ${name}${held(table)}`),
    foreignKeyNotValid: (table: string, columns: readonly string[]) =>
      at(table, `New foreign key not valid: ${list(columns)}${held(table)}`),
    checkNotValid: (table: string, name: string) =>
      at(table, `Create check constraint not valid: ${name}${held(table)}`),
    validate: (table: string, name: string) => at(table, `Validate constraint online: ${name}${held(table)}`),
    notNullCheck: (table: string, column: string) => at(table, `Add not-null check not valid: ${column}${held(table)}`),
    setNotNull: (table: string, column: string) =>
      at(table, `Set not null using validated check: ${column}${held(table)}`),
    dropNotNullCheck: (table: string, column: string) => at(table, `Drop not-null check: ${column}${held(table)}`),
  },
  /** The SQLite table rebuild, with what it changes (`widen name varchar(120) → varchar(200); drop subtitle`). */
  alterTable: (table: string, changes: readonly string[] = []) =>
    at(table, `Alter table: ${table}${changes.length > 0 ? ` (${changes.join("; ")})` : ""}`),
} as const;

/** What follows `<table> | ` in each generated label kind: exact texts, and prefixes ending with a space. */
const generatedVerbs: readonly string[] = [
  "Create table",
  "Drop table",
  "Rename table",
  "Add field: ",
  "Remove field: ",
  "Alter field: ",
  "Rename field: ",
  "Set primary key: ",
  "Remove primary key",
  "New foreign key: ",
  "Remove foreign key: ",
  "Create index: ",
  "Remove index: ",
  "Rename index: ",
  "Create unique constraint: ",
  "Remove unique constraint: ",
  "Create check constraint: ",
  "Remove check constraint: ",
  "Alter table: ",
  "Create index concurrently: ",
  "Create unique index concurrently: ",
  "Add unique constraint using index: ",
  "New foreign key not valid: ",
  "Create check constraint not valid: ",
  "Validate constraint online: ",
  "Add not-null check not valid: ",
  "Set not null using validated check: ",
  "Drop not-null check: ",
];

/**
 * Whether `label` has the shape of a step pormg generates: `<table> | <what>` where `<what>` is
 * one of the generated kinds (`Add field: …`, `Create table` …). Such a label is a schema step even
 * when the table's name happens to start like a data step (`data (old) | Add field: x`).
 */
export function isGeneratedLabel(label: string): boolean {
  for (let at = label.indexOf(" | "); at >= 0; at = label.indexOf(" | ", at + 1)) {
    const what = label.slice(at + 3);
    if (generatedVerbs.some((verb) => (verb.endsWith(" ") ? what.startsWith(verb) : what === verb))) return true;
  }
  return false;
}

/** The table and the kind (`Create table`, `Add field` …, without the name after the colon) of a generated label. */
export function generatedLabelParts(label: string): { readonly table: string; readonly kind: string } | undefined {
  for (let at = label.indexOf(" | "); at >= 0; at = label.indexOf(" | ", at + 1)) {
    const what = label.slice(at + 3);
    const verb = generatedVerbs.find((v) => (v.endsWith(" ") ? what.startsWith(v) : what === v));
    if (verb !== undefined) return { table: label.slice(0, at), kind: verb.replace(/: $/, "") };
  }
  return undefined;
}
