/**
 * `tablesRead`: the tables a plan's operations read — the ones its SQL acts on and the ones it
 * depends on — which are the ones its `-- pormg-schema-table:` lines fingerprint, so that `migrate`
 * refuses the plan when one of them changed since it was made, and reads no other table to find out.
 */
import type { Operation } from "../schema/operation.ts";

/**
 * The names of the tables `operations` read: live tables by their name in the database, and the
 * names the plan needs free (a table it creates, the new name of a rename). Each operation reads the
 * table it acts on; one that adds a foreign key also reads the table the key references (its key
 * columns must be as planned); a rename reads its old name and its new one. An operation names its
 * table after the plan's renames: such a name also brings in the live table it renames. A name
 * read on both sides is in the set once — reading one table too many only makes the check stricter.
 */
export function tablesRead(operations: readonly Operation[]): ReadonlySet<string> {
  const renamedFrom = new Map<string, string>();
  for (const op of operations) if (op.kind === "renameTable") renamedFrom.set(op.to, op.from);
  const names = new Set<string>();
  const after = (name: string) => {
    const from = renamedFrom.get(name);
    if (from !== undefined) names.add(from);
    names.add(name);
  };
  for (const op of operations) {
    switch (op.kind) {
      case "renameTable":
        names.add(op.from);
        names.add(op.to);
        break;
      case "dropTable":
        names.add(op.table.name);
        break;
      case "createTable":
        after(op.table.name);
        for (const fk of op.table.foreignKeys) after(fk.references.table);
        break;
      case "rebuildTable":
        after(op.from.name);
        after(op.to.name);
        for (const fk of op.to.foreignKeys) after(fk.references.table);
        break;
      case "addColumn":
        after(op.table);
        if (op.foreignKey) after(op.foreignKey.references.table);
        break;
      case "addForeignKey":
        after(op.table);
        after(op.foreignKey.references.table);
        break;
      case "alterForeignKey":
        after(op.table);
        after(op.to.references.table);
        break;
      case "validateConstraint":
        after(op.table);
        if (op.constraint.kind === "foreignKey") after(op.constraint.foreignKey.references.table);
        break;
      default:
        after(op.table);
    }
  }
  return names;
}
