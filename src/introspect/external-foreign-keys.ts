/**
 * Foreign keys to tables pormg does not manage. A managed table may reference one that an ignore
 * prefix or `ignore_tables` hides (Django's `auth_user`), one in another PostgreSQL schema, or a
 * partitioned table: the models cannot declare such a key (there is no model to point at), so it is
 * not part of the table's IR. Its column stays an ordinary column (it imports as a plain field of
 * its type); the key itself is reported as an unmanaged `constraint` of the table, carrying its
 * definition, so `check` never sees it as a difference, no plan drops it, and a SQLite table
 * rebuild re-creates it (src/plan/sqlite-rebuild.ts).
 */
import type { ForeignKey, Table, UnmanagedObject } from "../schema/ir.ts";

/** How an external key is named in reports: its constraint name, or its shape when it has none (SQLite). */
export function externalKeyName(fk: ForeignKey): string {
  return (
    fk.name ?? `foreign key (${fk.columns.join(", ")}) → ${fk.references.table}(${fk.references.columns.join(", ")})`
  );
}

/**
 * `tables` with every foreign key whose target `isManaged` rejects moved out, and those keys as
 * unmanaged constraints of their tables. Pure.
 */
export function splitExternalForeignKeys(
  tables: readonly Table[],
  isManaged: (referenced: string) => boolean,
): { tables: Table[]; external: UnmanagedObject[] } {
  const external: UnmanagedObject[] = [];
  const out = tables.map((table) => {
    const kept = table.foreignKeys.filter((fk) => isManaged(fk.references.table));
    if (kept.length === table.foreignKeys.length) return table;
    for (const fk of table.foreignKeys)
      if (!isManaged(fk.references.table))
        external.push({ kind: "constraint", name: externalKeyName(fk), table: table.name, foreignKey: fk });
    return { ...table, foreignKeys: kept };
  });
  return { tables: out, external };
}
