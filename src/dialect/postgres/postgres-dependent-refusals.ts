import { recreatesColumn } from "../../diff/diff-columns.ts";
import type { PlanNames } from "../../plan/plan-names.ts";
import type { Refusal } from "../../plan/refusal.ts";
import { type LiveDependents, relationName } from "../../schema/dependents.ts";
import type { Operation } from "../../schema/operation.ts";

const list = (names: readonly string[]) => names.map((n) => `"${n}"`).join(", ");

/**
 * The refusals of PostgreSQL operations that views or table inheritance make unsafe (pure; live
 * names come from `names`):
 *
 * - **Views** (and materialized views) reading a table: `DROP TABLE` of it, `DROP COLUMN`, a type
 *   or collation change, or the re-creation of a generated column (`recreatesColumn`) of a column
 *   they read — PostgreSQL rejects each at apply time (the plan never uses `CASCADE`, which would
 *   drop the views).
 * - **Table inheritance** (`INHERITS`): on a parent, PostgreSQL carries a column add, drop, rename
 *   or change, and a CHECK add (unless `NO INHERIT`) or drop, to every child — with the children's values for a drop —
 *   and `DROP TABLE` fails while children exist; on a child, PostgreSQL rejects dropping, renaming
 *   or retyping an inherited column, changing its nullability, and dropping an inherited CHECK.
 *   The plan would show none of that, so each is refused naming the tables. Keys, uniques,
 *   indexes and foreign keys are not inherited and plan as usual, as do changes to a child's own columns.
 */
export function postgresDependentRefusals(
  ops: readonly Operation[],
  names: PlanNames,
  dependents: LiveDependents | undefined,
): Refusal[] {
  if (dependents === undefined) return [];
  const out: Refusal[] = [];
  const readersOf = (table: string, column?: string) =>
    dependents.readers
      .filter((r) => r.table === table && (column === undefined || r.columns.includes(column)))
      .map((r) => `${r.kind === "view" ? "view" : "materialized view"} "${relationName(r.view)}"`);
  const isTable = (ref: { name: string; schema?: string }, table: string) =>
    ref.schema === undefined && ref.name === table;
  const children = (table: string) => dependents.inheritance.filter((e) => isTable(e.parent, table));
  const inheritedBy = (table: string, column: string) =>
    children(table)
      .filter((e) => e.columns.includes(column))
      .map((e) => relationName(e.child));
  const parentsOfColumn = (table: string, column: string) =>
    dependents.inheritance
      .filter((e) => isTable(e.child, table) && e.columns.includes(column))
      .map((e) => relationName(e.parent));

  const viewRefusal = (table: string, column: string | undefined, what: string) => {
    const readers = readersOf(table, column);
    if (readers.length === 0) return;
    out.push({
      table,
      ...(column !== undefined && { column }),
      objects: readers,
      reason:
        `${what} would break ${readers.join(", ")}, which still read${readers.length === 1 ? "s" : ""} it ` +
        "(PostgreSQL refuses it, and pormg never uses CASCADE). Drop or rewrite those views first (by hand, or in a " +
        "hand-written step of an earlier plan) and re-create them after migrating, or keep the " +
        `${column === undefined ? "table" : "column"}.`,
    });
  };
  const parentRefusal = (
    table: string,
    column: string | undefined,
    what: string,
    effect: (them: string) => string,
    kids: string[],
  ) => {
    if (kids.length === 0) return;
    out.push({
      table,
      ...(column !== undefined && { column }),
      objects: kids,
      reason:
        `${what}: ${kids.length === 1 ? "table" : "tables"} ${list(kids)} inherit${kids.length === 1 ? "s" : ""} ` +
        `from "${table}", and PostgreSQL would ${effect(kids.length === 1 ? "it" : "each of them")}, which the plan ` +
        "would not show. Make the change by hand " +
        "(ALTER TABLE on the parent reaches every child), update the models of all those tables to match, and run " +
        "makemigrations again; or set managed: false on these models.",
    });
  };
  const childRefusal = (table: string, column: string, what: string, parents: string[]) => {
    if (parents.length === 0) return;
    out.push({
      table,
      column,
      objects: parents,
      reason:
        `${what}: it is inherited from ${list(parents)}, and PostgreSQL only changes an inherited column on the parent. ` +
        `Change it on the parent (by hand, which reaches every child), or keep it on "${table}" as it is.`,
    });
  };

  for (const op of ops) {
    switch (op.kind) {
      case "dropTable": {
        const table = op.table.name;
        viewRefusal(table, undefined, `Dropping table "${table}"`);
        const kids = children(table).map((e) => relationName(e.child));
        parentRefusal(
          table,
          undefined,
          `Dropping table "${table}"`,
          (them) =>
            `refuse to drop "${table}" without CASCADE, which drops ${them === "it" ? "it" : "them"} with the rows`,
          kids,
        );
        break;
      }
      case "dropColumn": {
        const table = names.liveTable(op.table);
        const column = names.liveColumn(op.table, op.column.name);
        viewRefusal(table, column, `Dropping column "${column}" of "${table}"`);
        parentRefusal(
          table,
          column,
          `Dropping column "${column}" of "${table}"`,
          (them) => `also drop "${column}" from ${them}, with its values`,
          inheritedBy(table, column),
        );
        childRefusal(table, column, `Dropping column "${column}" of "${table}"`, parentsOfColumn(table, column));
        break;
      }
      case "alterColumn": {
        const table = names.liveTable(op.table);
        const column = names.liveColumn(op.table, op.to.name);
        // A collation change is an ALTER … TYPE … COLLATE too, which PostgreSQL refuses under a view just the same;
        // a generated column re-created is a DROP COLUMN and an ADD COLUMN.
        if (recreatesColumn(op.from, op.to))
          viewRefusal(
            table,
            column,
            `Re-creating generated column "${column}" of "${table}" (DROP COLUMN and ADD COLUMN, ${op.changes.join(", ")})`,
          );
        else if (op.changes.includes("type") || op.changes.includes("collation"))
          viewRefusal(
            table,
            column,
            `Changing the type of column "${column}" of "${table}" (${op.changes.join(", ")})`,
          );
        // The generated columns reading it are dropped and added back around the change.
        for (const g of op.regenerated ?? []) {
          const name = names.liveColumn(op.table, g.name);
          viewRefusal(
            table,
            name,
            `Re-creating generated column "${name}" of "${table}" around the type change of "${column}"`,
          );
        }
        const what = `Changing column "${column}" of "${table}" (${op.changes.join(", ")})`;
        parentRefusal(
          table,
          column,
          what,
          (them) => `make the same change to "${column}" of ${them}`,
          inheritedBy(table, column),
        );
        if (op.changes.some((c) => c !== "default")) childRefusal(table, column, what, parentsOfColumn(table, column));
        break;
      }
      case "renameColumn": {
        const table = names.liveTable(op.table);
        const column = names.liveColumn(op.table, op.from);
        const what = `Renaming column "${column}" of "${table}" to "${op.to}"`;
        parentRefusal(table, column, what, (them) => `rename it in ${them} too`, inheritedBy(table, column));
        childRefusal(table, column, what, parentsOfColumn(table, column));
        break;
      }
      case "addColumn": {
        const table = names.liveTable(op.table);
        const kids = children(table).map((e) => relationName(e.child));
        parentRefusal(
          table,
          op.column.name,
          `Adding column "${op.column.name}" to "${table}"`,
          (them) => `add "${op.column.name}" to ${them} too`,
          kids,
        );
        break;
      }
      case "addCheck": {
        if (op.check.noInherit) break; // NO INHERIT: the children are not checked
        const table = names.liveTable(op.table);
        const kids = children(table).map((e) => relationName(e.child));
        parentRefusal(
          table,
          undefined,
          `Adding CHECK (${op.check.expression}) to "${table}"`,
          (them) => `add the CHECK to ${them} too (checking the rows)`,
          kids,
        );
        break;
      }
      case "dropCheck": {
        const table = names.liveTable(op.table);
        const name = op.check.name ?? "";
        const kids = children(table)
          .filter((e) => e.checks.includes(name))
          .map((e) => relationName(e.child));
        parentRefusal(
          table,
          undefined,
          `Dropping CHECK "${name}" of "${table}"`,
          (them) => `drop it from ${them} too`,
          kids,
        );
        const parents = dependents.inheritance
          .filter((e) => isTable(e.child, table) && e.checks.includes(name))
          .map((e) => relationName(e.parent));
        if (parents.length > 0)
          out.push({
            table,
            objects: parents,
            reason:
              `Dropping CHECK "${name}" of "${table}": it is inherited from ${list(parents)}, and PostgreSQL only drops an ` +
              `inherited CHECK on the parent. Drop it on the parent (by hand), or keep it in the models of "${table}".`,
          });
        break;
      }
      default:
        break;
    }
  }
  return out;
}
