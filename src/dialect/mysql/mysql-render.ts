import { assertNever, PormgError } from "../../core/errors.ts";
import { recreatesColumn } from "../../diff/diff-columns.ts";
import { stepLabel } from "../../plan/labels.ts";
import { liveObjectNames, newObjectName } from "../../plan/live-object-names.ts";
import type { PlanNames } from "../../plan/plan-names.ts";
import type { RenderContext } from "../../plan/render-context.ts";
import { type RenderedStep, step } from "../../plan/rendered-step.ts";
import type { Renderer } from "../../plan/renderer.ts";
import { temporaryDefault } from "../../plan/temporary-default.ts";
import type { Column } from "../../schema/ir.ts";
import { defaultName } from "../../schema/names.ts";
import type { Operation } from "../../schema/operation.ts";
import { summarizeSql } from "../../sql/classify.ts";
import { alterColumnStatement } from "./mysql-alter-column.ts";
import { lowerForMysql, rankForMysql } from "./mysql-auto-increment.ts";
import { combineAlterSteps } from "./mysql-combine.ts";
import {
  mysqlTemporaryDefaults,
  renderAddForeignKey,
  renderCheck,
  renderColumnDefinition,
  renderCreateIndex,
  renderCreateTable,
  renderPrimaryKey,
  renderUnique,
} from "./mysql-ddl.ts";
import { dropForeignKeyClauses, foreignKeyIndexes } from "./mysql-foreign-key-index.ts";
import { quoteIdent } from "./mysql-quote.ts";
import { mysqlSql } from "./mysql-sql.ts";

/**
 * A MySQL step: MySQL commits every DDL statement by itself, so no step can be part of a plan-wide
 * transaction. Every step is non-transactional and runs as its own unit (the deferred-step
 * machinery records a `step_applied` event for each, and a rerun resumes after the last one that
 * succeeded); each holds one statement wherever it can, so a failure's position is exact.
 */
function ddl(label: string, statements: readonly string[], destructive = false): RenderedStep {
  return { ...step(label, statements, destructive), transactional: false };
}

const alter = (table: string, clauses: string) => `ALTER TABLE ${quoteIdent(table)} ${clauses};`;

/**
 * Renders one Operation as MySQL / MariaDB steps (MySQL 8.0.19+, MariaDB 10.5.2+: `RENAME COLUMN`,
 * `RENAME INDEX`, `DROP CONSTRAINT` of a check). Identifiers are always backquoted and never
 * database-qualified. A created table is one CREATE TABLE with its keys and indexes inside;
 * foreign keys are their own `ADD CONSTRAINT` steps, so reference cycles work. Spellings that
 * both servers take: `DROP FOREIGN KEY` for a foreign key, `DROP CONSTRAINT` for a check (MySQL's
 * `DROP CHECK` is not MariaDB's), `DROP INDEX` for a unique (MariaDB's `DROP CONSTRAINT` of a
 * unique is younger than MySQL's), `DROP PRIMARY KEY`. `DROP TABLE` has no `CASCADE` (MySQL ignores
 * it anyway): the planner drops the foreign keys that point at a table before dropping it.
 */
export function renderMysqlOperation(op: Operation, names: PlanNames, context: RenderContext): RenderedStep[] {
  switch (op.kind) {
    case "createTable":
      return [ddl(stepLabel.createTable(op.table.name), [renderCreateTable(op.table)])];
    case "dropTable":
      return [ddl(stepLabel.dropTable(op.table.name), [`DROP TABLE ${quoteIdent(op.table.name)};`], true)];
    case "renameTable":
      return [ddl(stepLabel.renameTable(op.to), [`RENAME TABLE ${quoteIdent(op.from)} TO ${quoteIdent(op.to)};`])];
    case "addColumn":
      if (op.foreignKey) throw internal(`an inline foreign key on new column "${op.column.name}"`, op.table);
      return [ddl(stepLabel.addField(op.table, op.column.name), addColumn(op.table, op.column))];
    case "dropColumn":
      return [
        ddl(
          stepLabel.removeField(op.table, op.column.name),
          [alter(op.table, `DROP COLUMN ${quoteIdent(op.column.name)}`)],
          true,
        ),
      ];
    case "renameColumn":
      return [
        ddl(stepLabel.renameField(op.table, op.to), [
          alter(op.table, `RENAME COLUMN ${quoteIdent(op.from)} TO ${quoteIdent(op.to)}`),
        ]),
      ];
    case "alterColumn": {
      const recreated = recreatesColumn(op.from, op.to);
      const label = !recreated
        ? stepLabel.alterField(op.table, op.to.name)
        : op.from.generated
          ? stepLabel.recreateGeneratedField(op.table, op.to.name)
          : stepLabel.makeFieldGenerated(op.table, op.to.name);
      // Flagged as the plan reader's tokenizer will flag it: a generated column dropped and added
      // back in the same statement loses nothing (a retype, or values a plain column had before it
      // became generated, are the lossy check's business).
      const sql = alterColumnStatement(op.table, op.from, op.to, op.changes);
      return [ddl(label, [sql], summarizeSql(sql, mysqlSql).destructive)];
    }
    case "setPrimaryKey":
      return setPrimaryKey(op, names, context);
    case "addForeignKey":
      return [
        ddl(stepLabel.newForeignKey(op.table, op.foreignKey.columns), [renderAddForeignKey(op.table, op.foreignKey)]),
      ];
    case "dropForeignKey": {
      const label = stepLabel.removeForeignKey(op.table, op.foreignKey.columns);
      const rendered = ddl(label, [alter(op.table, dropForeignKeyClauses(op.table, op.foreignKey, names, context))]);
      return [op.recreated ? { ...rendered, recreate: true } : rendered];
    }
    case "addUnique": {
      const name = newObjectName.unique(op.table, op.unique);
      const clauses = [
        ...autoIncrementOf(op.table, op.unique.columns, names),
        `ADD ${renderUnique(op.table, op.unique, name)}`,
      ];
      return [ddl(stepLabel.createUnique(op.table, name), [alter(op.table, clauses.join(", "))])];
    }
    case "dropUnique": {
      const name = liveObjectNames(names, op.table).unique(op.unique);
      const clauses = [`DROP INDEX ${quoteIdent(name)}`, ...foreignKeyIndexes(op.table, name, names, context)];
      return [ddl(stepLabel.removeUnique(op.table, name), [alter(op.table, clauses.join(", "))])];
    }
    case "createIndex": {
      const name = newObjectName.index(op.table, op.index);
      return [ddl(stepLabel.createIndex(op.table, name), [renderCreateIndex(op.table, { ...op.index, name })])];
    }
    case "dropIndex": {
      const name = liveObjectNames(names, op.table).index(op.index);
      const kept = foreignKeyIndexes(op.table, name, names, context);
      const sql =
        kept.length === 0
          ? `DROP INDEX ${quoteIdent(name)} ON ${quoteIdent(op.table)};`
          : alter(op.table, [`DROP INDEX ${quoteIdent(name)}`, ...kept].join(", "));
      return [ddl(stepLabel.removeIndex(op.table, name), [sql])];
    }
    case "renameIndex":
      // MySQL's primary key is always the index `PRIMARY`: the default name a table rename
      // follows (`<table>_pkey`) is no index of its own there, so there is nothing to rename.
      if (op.followsRename && op.from === defaultName.primaryKey(names.liveTable(op.table))) return [];
      return [
        ddl(stepLabel.renameIndex(op.table, op.to), [
          alter(op.table, `RENAME INDEX ${quoteIdent(op.from)} TO ${quoteIdent(op.to)}`),
        ]),
      ];
    case "renameConstraint":
      // MySQL and MariaDB cannot rename a foreign key or a check. The constraint keeps its live
      // name, which introspection reads as an explicit name: constraints compare by shape, so the
      // models (default-named) and the database still agree, and no step is needed.
      return [];
    case "addCheck": {
      const label = stepLabel.createCheck(op.table, op.check.name ?? op.check.expression);
      return [ddl(label, [alter(op.table, `ADD ${renderCheck(op.table, op.check)}`)])];
    }
    case "dropCheck": {
      const name = op.check.name;
      if (name === undefined) throw internal(`a CHECK (${op.check.expression}) without a name to drop`, op.table);
      const rendered = ddl(stepLabel.removeCheck(op.table, name), [
        alter(op.table, `DROP CONSTRAINT ${quoteIdent(name)}`),
      ]);
      return [op.recreated ? { ...rendered, recreate: true } : rendered];
    }
    case "setStorage":
    case "alterForeignKey":
    case "validateConstraint":
      throw internal(`a PostgreSQL-only ${op.kind} operation`, op.table);
    case "setTableOptions":
      throw internal("SQLite table options (STRICT, WITHOUT ROWID)", op.table);
    case "rebuildTable":
      throw internal("a SQLite table rebuild", op.to.name);
    default:
      return assertNever(op);
  }
}

function internal(what: string, table: string): PormgError {
  return new PormgError("INTERNAL", `${what} of "${table}" reached the MySQL renderer. This is a bug in the planner.`, {
    table,
  });
}

/**
 * `ADD COLUMN`; a new NOT NULL date or datetime column with no default is added with PormG's
 * temporary default (`temporaryDefault`; a `datetime(p)` takes `CURRENT_TIMESTAMP(p)`, MySQL refuses
 * another precision), which is dropped again at once (`ALTER COLUMN … DROP DEFAULT`, a metadata
 * change). A new identity column is added without AUTO_INCREMENT: it cannot have its key yet, and
 * the statement adding the key gives it AUTO_INCREMENT (mysql-auto-increment.ts).
 */
function addColumn(table: string, column: Column): string[] {
  if (column.identity) {
    const { identity: _, ...plain } = column;
    return [alter(table, `ADD COLUMN ${renderColumnDefinition({ ...plain, nullable: false })}`)];
  }
  const temporary = temporaryDefault(column, mysqlTemporaryDefaults);
  if (temporary === undefined) return [alter(table, `ADD COLUMN ${renderColumnDefinition(column)}`)];
  const precision = column.type.kind === "timestamp" ? column.type.precision : undefined;
  const sql = precision === undefined || temporary !== "CURRENT_TIMESTAMP" ? temporary : `${temporary}(${precision})`;
  const filled: Column = { ...column, default: { kind: "expression", sql } };
  return [
    alter(table, `ADD COLUMN ${renderColumnDefinition(filled)}`),
    alter(table, `ALTER COLUMN ${quoteIdent(column.name)} DROP DEFAULT`),
  ];
}

/**
 * `MODIFY COLUMN` of the identity column the plan adds that leads `columns` (a key being added):
 * it becomes AUTO_INCREMENT in the statement that gives it its key, numbering the rows there.
 */
function autoIncrementOf(table: string, columns: readonly string[], names: PlanNames): string[] {
  const added = columns[0] === undefined ? undefined : names.added(table, columns[0]);
  return added?.identity ? [`MODIFY COLUMN ${renderColumnDefinition(added)}`] : [];
}

/**
 * The drop of a primary key (`DROP PRIMARY KEY`, the target has none), or its add: `ADD PRIMARY
 * KEY (…)`, led by `DROP PRIMARY KEY` when the live table has one — lowering folds a change into
 * its add half, so the table never lacks its key (mysql-auto-increment.ts) — and by the `MODIFY`
 * that gives a new identity column its AUTO_INCREMENT. A foreign key the old key served, and no
 * other index does, gets its own index in the same statement (`foreignKeyIndexes`).
 */
function setPrimaryKey(
  op: Extract<Operation, { kind: "setPrimaryKey" }>,
  names: PlanNames,
  context: RenderContext,
): RenderedStep[] {
  const kept = (added: readonly (readonly string[])[]) => foreignKeyIndexes(op.table, "PRIMARY", names, context, added);
  if (!op.to) {
    if (!op.from) return [];
    const clauses = ["DROP PRIMARY KEY", ...kept([])];
    return [ddl(stepLabel.removePrimaryKey(op.table), [alter(op.table, clauses.join(", "))])];
  }
  const live = context.tables.find((t) => t.name === names.liveTable(op.table));
  const replaced = op.from !== undefined || live?.primaryKey !== undefined;
  const clauses = [
    ...autoIncrementOf(op.table, op.to.columns, names),
    ...(replaced ? ["DROP PRIMARY KEY"] : []),
    `ADD ${renderPrimaryKey(op.table, op.to)}`,
    ...(replaced ? kept([op.to.columns]) : []),
  ];
  return [ddl(stepLabel.setPrimaryKey(op.table, op.to.columns), [alter(op.table, clauses.join(", "))])];
}

/**
 * MySQL's Renderer: a primary key change is folded into one statement and identity columns are
 * refused without a key (`lowerForMysql`); column changes are ranked around the keys so an
 * AUTO_INCREMENT column never lacks its key (`rankForMysql`); no refusals of its own; a new table
 * cannot take the name of a view or a MariaDB sequence (they share the tables' namespace); names
 * compare exactly (case-sensitively, as on Linux with `lower_case_table_names = 0`); foreign keys
 * are their own steps.
 */
export const mysqlRenderer: Renderer = {
  render: renderMysqlOperation,
  lower: lowerForMysql,
  refusals: () => [],
  occupyingKinds: new Set(["view", "sequence"]),
  nameKey: (name) => name,
  rank: rankForMysql,
  foreignKeysInCreateTable: false,
  combine: combineAlterSteps,
  ...mysqlTemporaryDefaults,
};
