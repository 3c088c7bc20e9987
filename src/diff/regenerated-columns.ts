/**
 * PostgreSQL refuses `ALTER COLUMN c TYPE …` (and `… COLLATE`) while a generated column reads `c`
 * ("cannot alter type of a column used by a generated column"). A generated column holds derived
 * data only, so the plan re-creates it around the change, in the same `ALTER TABLE` statement:
 * `DROP COLUMN g, ALTER COLUMN c TYPE …, ADD COLUMN g … GENERATED ALWAYS AS (…)` (PostgreSQL runs
 * the drops first and the adds last), which loses nothing and is not destructive.
 */

import { type ExpressionNames, mentionsColumn } from "../schema/expression-names.ts";
import type { Column, Table } from "../schema/ir.ts";
import type { Operation } from "../schema/operation.ts";

/** Whether an operation retypes or re-collates a column in place (a generated column's own re-creation aside). */
function retypes(op: Operation): op is Extract<Operation, { kind: "alterColumn" }> {
  return (
    op.kind === "alterColumn" && (op.changes.includes("type") || op.changes.includes("collation")) && !op.to.generated
  );
}

/**
 * The generated columns of `target` (as `target` declares them) that are generated in `live` too
 * and read column `column` — in their live expression or their target one. Pure.
 */
function generatedReaders(live: Table, target: Table, column: string, dialect: ExpressionNames): Column[] {
  return target.columns.filter((t) => {
    const l = live.columns.find((c) => c.name === t.name);
    if (!t.generated || !l?.generated || t.name === column) return false;
    return (
      mentionsColumn(l.generated.expression, column, dialect) || mentionsColumn(t.generated.expression, column, dialect)
    );
  });
}

/**
 * Marks each PostgreSQL column retype or re-collation among `ops` (column operations of one table,
 * `live` and `target` after renames) with the generated columns it must re-create around it
 * (`regenerated`, their target definitions), and returns the ops and the names of those columns:
 * PostgreSQL drops their indexes and constraints with them, so the diff plans those anew. A
 * generated column's own operation stays (re-creating it again, or changing it, is harmless). Pure.
 */
export function withRegeneratedColumns(
  ops: readonly Operation[],
  live: Table,
  target: Table,
  dialect: ExpressionNames,
): { readonly ops: Operation[]; readonly regenerated: string[] } {
  const regenerated = new Set<string>();
  const out = ops.map((op): Operation => {
    if (!retypes(op)) return op;
    const readers = generatedReaders(live, target, op.to.name, dialect);
    if (readers.length === 0) return op;
    for (const r of readers) regenerated.add(r.name);
    return { ...op, regenerated: readers };
  });
  return { ops: out, regenerated: [...regenerated] };
}
