import { assertNever, PormgError } from "../../core/errors.ts";
import { recreatesColumn } from "../../diff/diff-columns.ts";
import { stepLabel } from "../../plan/labels.ts";
import { liveObjectNames, newObjectName } from "../../plan/live-object-names.ts";
import type { PlanNames } from "../../plan/plan-names.ts";
import type { RenderContext } from "../../plan/render-context.ts";
import { commonSteps, type RenderedStep, step } from "../../plan/rendered-step.ts";
import type { Renderer } from "../../plan/renderer.ts";
import { temporaryDefault } from "../../plan/temporary-default.ts";
import type { Column } from "../../schema/ir.ts";
import type { Operation, OperationKind } from "../../schema/operation.ts";
import { summarizeSql } from "../../sql/classify.ts";
import { alterColumnStatements } from "./postgres-alter-column.ts";
import {
  foreignKeyDeferrable,
  postgresTemporaryDefaults,
  quoteIdent,
  renderAddForeignKey,
  renderCheck,
  renderColumnDefinition,
  renderCreateIndex,
  renderCreateTable,
  renderDeferrable,
  renderPrimaryKey,
  renderStorageList,
  renderUnique,
} from "./postgres-ddl.ts";
import { postgresDependentRefusals } from "./postgres-dependent-refusals.ts";
import { notNullsFollowColumn, notNullsFollowTable } from "./postgres-not-null-names.ts";
import {
  isOnline,
  onlineCheck,
  onlineForeignKey,
  onlineIndex,
  onlineSetNotNull,
  onlineUnique,
} from "./postgres-online.ts";
import { followColumnRename, followTableRename, ownedSequenceName } from "./postgres-owned-sequences.ts";
import { postgresSql } from "./postgres-sql.ts";

const commonStep = commonSteps(quoteIdent);

/**
 * Renders one Operation as PostgreSQL steps. Identifiers are always quoted and never
 * schema-qualified (the plan runs with `search_path` set to the target schema). Foreign keys are
 * their own `ADD CONSTRAINT` steps so reference cycles work. `DROP TABLE` has no `CASCADE`: a
 * careful user never wants a view or another table's foreign key dropped silently; the planner
 * drops the foreign keys that point at a table before dropping it, and anything else that still
 * depends on it makes the step fail, with PostgreSQL naming the dependent object.
 */
export function renderPostgresOperation(op: Operation, names: PlanNames, context: RenderContext): RenderedStep[] {
  switch (op.kind) {
    case "createTable": {
      const t = op.table;
      const indexes = t.indexes.map((i) => renderCreateIndex(t.name, i));
      return [step(stepLabel.createTable(t.name), [renderCreateTable(t), ...indexes])];
    }
    case "dropTable":
      return [step(stepLabel.dropTable(op.table.name), [`DROP TABLE ${quoteIdent(op.table.name)};`], true)];
    case "renameTable":
      return [
        withStatements(commonStep.renameTable(op.from, op.to), [
          ...followTableRename(op.from, op.to, names, context),
          ...notNullsFollowTable(op.from, op.to, names, context),
        ]),
      ];
    case "addColumn":
      return [step(stepLabel.addField(op.table, op.column.name), addColumn(op.table, op.column))];
    case "dropColumn":
      return [commonStep.dropColumn(op.table, op.column.name)];
    case "renameColumn":
      return [
        withStatements(commonStep.renameColumn(op.table, op.from, op.to), [
          ...followColumnRename(op.table, op.to, names, context),
          ...notNullsFollowColumn(op.table, op.to, names, context),
        ]),
      ];
    case "alterColumn": {
      const owned = ownedSequenceName(op.table, op.from.name, names, context);
      const sequences = {
        live: { table: names.liveTable(op.table), column: names.liveColumn(op.table, op.from.name) },
        sequences: context.sequences ?? [],
      };
      const online = isOnline(op.table, names, context)
        ? onlineSetNotNull(op.table, op.from, op.to, op.changes)
        : undefined;
      const changes = online ? online.rest : op.changes;
      const statements = alterColumnStatements(op.table, op.from, op.to, changes, owned, op.regenerated, sequences);
      if (online)
        return [
          ...(statements.length > 0 ? [step(stepLabel.alterField(op.table, op.to.name), statements)] : []),
          ...online.online,
        ];
      if (statements.length === 0) return [];
      const label = !recreatesColumn(op.from, op.to)
        ? stepLabel.alterField(op.table, op.to.name)
        : op.from.generated
          ? stepLabel.recreateGeneratedField(op.table, op.to.name)
          : stepLabel.makeFieldGenerated(op.table, op.to.name);
      // Flagged as the plan reader's tokenizer will flag it (a retype is the lossy check's business).
      return [step(label, statements, summarizeSql(statements.join("\n"), postgresSql).destructive)];
    }
    case "setPrimaryKey":
      return setPrimaryKey(op, names);
    case "addForeignKey":
      return (
        (isOnline(op.table, names, context) ? onlineForeignKey(op.table, op.foreignKey) : undefined) ?? [
          step(stepLabel.newForeignKey(op.table, op.foreignKey.columns), [
            renderAddForeignKey(op.table, op.foreignKey),
          ]),
        ]
      );
    case "dropForeignKey": {
      const name = liveObjectNames(names, op.table).foreignKey(op.foreignKey);
      return [dropStep(stepLabel.removeForeignKey(op.table, op.foreignKey.columns), op.table, name, op.recreated)];
    }
    case "addUnique": {
      const name = newObjectName.unique(op.table, op.unique);
      const online = isOnline(op.table, names, context) ? onlineUnique(op.table, op.unique, name, context) : undefined;
      if (online) return online;
      const sql = `ALTER TABLE ${quoteIdent(op.table)} ADD ${renderUnique(op.table, op.unique, name)};`;
      return [step(stepLabel.createUnique(op.table, name), [sql])];
    }
    case "dropUnique": {
      // The IR merges UNIQUE constraints and plain unique indexes; whichever it is, one of the
      // two statements drops it and the other finds nothing (they share one name in the schema).
      const name = liveObjectNames(names, op.table).unique(op.unique);
      const sql = [
        `ALTER TABLE ${quoteIdent(op.table)} DROP CONSTRAINT IF EXISTS ${quoteIdent(name)};`,
        `DROP INDEX IF EXISTS ${quoteIdent(name)};`,
      ];
      return [step(stepLabel.removeUnique(op.table, name), sql)];
    }
    case "createIndex": {
      const name = newObjectName.index(op.table, op.index);
      if (isOnline(op.table, names, context)) return onlineIndex(op.table, { ...op.index, name });
      return [step(stepLabel.createIndex(op.table, name), [renderCreateIndex(op.table, { ...op.index, name })])];
    }
    case "dropIndex": {
      const name = liveObjectNames(names, op.table).index(op.index);
      return [step(stepLabel.removeIndex(op.table, name), [`DROP INDEX ${quoteIdent(name)};`])];
    }
    case "renameIndex":
      return [
        step(stepLabel.renameIndex(op.table, op.to), [
          `ALTER INDEX ${quoteIdent(op.from)} RENAME TO ${quoteIdent(op.to)};`,
        ]),
      ];
    case "renameConstraint":
      return [
        step(stepLabel.renameConstraint(op.table, op.to), [
          `ALTER TABLE ${quoteIdent(op.table)} RENAME CONSTRAINT ${quoteIdent(op.from)} TO ${quoteIdent(op.to)};`,
        ]),
      ];
    case "addCheck": {
      const online = isOnline(op.table, names, context) ? onlineCheck(op.table, op.check) : undefined;
      if (online) return online;
      const label = stepLabel.createCheck(op.table, op.check.name ?? op.check.expression);
      const notValid = op.check.notValid ? " NOT VALID" : "";
      return [step(label, [`ALTER TABLE ${quoteIdent(op.table)} ADD ${renderCheck(op.check)}${notValid};`])];
    }
    case "dropCheck": {
      const name = op.check.name;
      if (name === undefined) {
        throw new PormgError(
          "INTERNAL",
          `cannot drop the CHECK (${op.check.expression}) of "${op.table}": a live check always has a name, and this one has none. This is a bug in the planner.`,
          { table: op.table, check: op.check.expression },
        );
      }
      return [dropStep(stepLabel.removeCheck(op.table, name), op.table, name, op.recreated)];
    }
    case "setStorage":
      return [setStorage(op, names)];
    case "alterForeignKey": {
      const name = liveObjectNames(names, op.table).foreignKey(op.from);
      const timing = renderDeferrable(foreignKeyDeferrable(op.to)) || " NOT DEFERRABLE";
      const sql = `ALTER TABLE ${quoteIdent(op.table)} ALTER CONSTRAINT ${quoteIdent(name)}${timing};`;
      return [step(stepLabel.alterForeignKey(op.table, op.to.columns), [sql])];
    }
    case "validateConstraint": {
      const c = op.constraint;
      const name = c.kind === "foreignKey" ? liveObjectNames(names, op.table).foreignKey(c.foreignKey) : c.check.name;
      if (name === undefined) {
        throw new PormgError(
          "INTERNAL",
          `cannot validate a CHECK of "${op.table}" that has no name: a live check always has one. This is a bug in the planner.`,
          { table: op.table },
        );
      }
      const sql = `ALTER TABLE ${quoteIdent(op.table)} VALIDATE CONSTRAINT ${quoteIdent(name)};`;
      return [step(stepLabel.validateConstraint(op.table, name), [sql])];
    }
    case "setTableOptions":
      throw new PormgError(
        "INTERNAL",
        `table options (STRICT, WITHOUT ROWID) of "${op.table}" reached the PostgreSQL renderer; they are SQLite-only. This is a bug in pormg.`,
        { table: op.table },
      );
    case "rebuildTable":
      throw new PormgError(
        "INTERNAL",
        `a table rebuild of "${op.to.name}" reached the PostgreSQL renderer; rebuilds are SQLite-only. This is a bug in the planner.`,
        { table: op.to.name },
      );
    default:
      return assertNever(op);
  }
}

/**
 * `ADD COLUMN`; a new NOT NULL date or date-time column with no default is added with PormG's
 * temporary default (`temporaryDefault`), which is dropped again at once.
 */
function addColumn(table: string, column: Column): string[] {
  const t = quoteIdent(table);
  const temporary = temporaryDefault(column, postgresTemporaryDefaults);
  if (temporary === undefined) return [`ALTER TABLE ${t} ADD COLUMN ${renderColumnDefinition(column)};`];
  const filled: Column = { ...column, default: { kind: "expression", sql: temporary } };
  return [
    `ALTER TABLE ${t} ADD COLUMN ${renderColumnDefinition(filled)};`,
    `ALTER TABLE ${t} ALTER COLUMN ${quoteIdent(column.name)} DROP DEFAULT;`,
  ];
}

/** `rendered` with `statements` after its own (the sequences that follow a rename). */
function withStatements(rendered: RenderedStep, statements: readonly string[]): RenderedStep {
  return statements.length === 0 ? rendered : { ...rendered, sql: [rendered.sql, ...statements].join("\n") };
}

function dropConstraint(table: string, name: string): string {
  return `ALTER TABLE ${quoteIdent(table)} DROP CONSTRAINT ${quoteIdent(name)};`;
}

/**
 * The step dropping constraint `name` of `table`: not destructive (a constraint holds no values,
 * docs/design.md §10); the drop half of a re-creation (`recreated`) is marked so, as the plan adds it back
 * under the same name later.
 */
function dropStep(label: string, table: string, name: string, recreated: true | undefined): RenderedStep {
  const sql = [dropConstraint(table, name)];
  return recreated ? { ...step(label, sql), recreate: true } : step(label, sql);
}

/**
 * `ALTER TABLE|INDEX … SET (changed and new parameters)` and `RESET (removed ones)`, in one
 * statement each; an index is named as it is live (the step runs before any index rename).
 */
function setStorage(op: Extract<Operation, { kind: "setStorage" }>, names: PlanNames): RenderedStep {
  const target = op.target;
  const live = liveObjectNames(names, op.table);
  const index =
    target.kind === "table"
      ? undefined
      : target.kind === "primaryKey"
        ? live.primaryKey(target.primaryKey)
        : target.kind === "unique"
          ? live.unique(target.unique)
          : live.index(target.index);
  const object = index === undefined ? `TABLE ${quoteIdent(op.table)}` : `INDEX ${quoteIdent(index)}`;
  const from = op.from ?? {};
  const to = op.to ?? {};
  const set = Object.fromEntries(Object.entries(to).filter(([k, v]) => from[k] !== v));
  const reset = Object.keys(from).filter((k) => !(k in to));
  const statements: string[] = [];
  if (Object.keys(set).length > 0) statements.push(`ALTER ${object} SET (${renderStorageList(set)});`);
  if (reset.length > 0) statements.push(`ALTER ${object} RESET (${reset.join(", ")});`);
  return step(stepLabel.setStorage(op.table, index), statements);
}

function setPrimaryKey(op: Extract<Operation, { kind: "setPrimaryKey" }>, names: PlanNames): RenderedStep[] {
  const statements: string[] = [];
  if (op.from) statements.push(dropConstraint(op.table, liveObjectNames(names, op.table).primaryKey(op.from)));
  if (op.to) {
    const name = newObjectName.primaryKey(op.table, op.to);
    statements.push(`ALTER TABLE ${quoteIdent(op.table)} ADD ${renderPrimaryKey(op.table, op.to, name)};`);
  }
  if (statements.length === 0) return [];
  const label = op.to ? stepLabel.setPrimaryKey(op.table, op.to.columns) : stepLabel.removePrimaryKey(op.table);
  return [step(label, statements)];
}

/**
 * PostgreSQL's ranks of its own (`orderOperations`): a generated column reads other columns, which
 * PostgreSQL then refuses to retype, so it is dropped (or made plain) before the column changes,
 * after the index and constraint drops on it, and added after them.
 */
function rank(op: Operation, ranks: Readonly<Record<OperationKind, number>>): number | undefined {
  if (op.kind === "dropColumn" && op.column.generated) return ranks.dropIndex + 0.5;
  if (op.kind === "alterColumn" && op.from.generated && !op.to.generated) return ranks.alterColumn - 0.5;
  if (op.kind === "addColumn" && op.column.generated) return ranks.alterColumn + 0.5;
  return undefined;
}

/**
 * PostgreSQL's Renderer: every operation runs as it is (no lowering), views and table inheritance
 * refuse what they make unsafe (`postgresDependentRefusals`), a new table cannot take the name of
 * any relation or type, names compare exactly, and foreign keys are their own steps.
 */
export const postgresRenderer: Renderer = {
  render: renderPostgresOperation,
  lower: (ops) => [...ops],
  refusals: (ops, names, context) => postgresDependentRefusals(ops, names, context.dependents),
  occupyingKinds: new Set(["view", "materialized_view", "partition", "foreign_table", "sequence", "type", "domain"]),
  nameKey: (name) => name,
  rank,
  foreignKeysInCreateTable: false,
  ...postgresTemporaryDefaults,
};
