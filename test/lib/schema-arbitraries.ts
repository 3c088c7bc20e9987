import fc from "fast-check";
import type { Column, ColumnType, ForeignKey, Index, Schema, Table } from "../../src/schema/ir.ts";
import { normalizeSchema } from "../../src/schema/normalize.ts";

/** Schemas that both real databases accept, for convergence tests (every expression valid on both). */
type Dialect = Schema["dialect"];

const TABLES = ["alpha", "beta", "gamma", "delta"];
const COLUMNS = ["c1", "c2", "c3", "c4"];
const TYPES: ColumnType[] = [
  { kind: "integer" },
  { kind: "text" },
  { kind: "varchar", length: 20 },
  { kind: "varchar", length: 40 },
  { kind: "boolean" },
  { kind: "double" },
];

/** A value of `type` to insert into a column (never NULL, so NOT NULL and CHECK constraints hold). */
export function sampleValue(type: ColumnType, seed: number): string | number | boolean {
  switch (type.kind) {
    case "boolean":
      return seed % 2 === 0;
    case "integer":
    case "bigint":
      return seed;
    case "double":
      return seed + 0.5;
    default:
      return `v${seed}`;
  }
}

const columnArb = (name: string) =>
  fc
    .record({ type: fc.constantFrom(...TYPES), nullable: fc.boolean(), withDefault: fc.boolean(), seed: fc.nat(5) })
    .map(({ type, nullable, withDefault, seed }): Column => {
      const value = sampleValue(type, seed);
      return { name, type, nullable, ...(withDefault && { default: { kind: "literal", value } }) };
    });

function tableArb(name: string, names: readonly string[], dialect: Dialect): fc.Arbitrary<Table> {
  return fc
    .record({
      columns: fc.subarray(COLUMNS, { minLength: 1 }).chain((cols) => fc.tuple(...cols.map((c) => columnArb(c)))),
      refs: fc.subarray(names.filter((n) => n !== name)),
      identity: fc.boolean(),
      cascade: fc.boolean(),
      index: fc.nat(6),
      unique: fc.nat(6),
      check: fc.nat(6),
      named: fc.boolean(),
    })
    .map(({ columns, refs, identity, cascade, index, unique, check, named }): Table => {
      const id: Column = {
        name: "id",
        type: { kind: "bigint" },
        nullable: false,
        ...(identity && { identity: { always: false } }),
      };
      const fkColumns = refs.map((r): Column => ({ name: `ref_${r}`, type: { kind: "bigint" }, nullable: true }));
      const foreignKeys = refs.map(
        (r): ForeignKey => ({
          columns: [`ref_${r}`],
          references: { table: r, columns: ["id"] },
          onDelete: cascade ? "CASCADE" : "NO ACTION",
          onUpdate: "NO ACTION",
          deferred: dialect === "postgresql",
        }),
      );
      const at = (n: number) => (columns[n % columns.length] as Column).name;
      const indexes: Index[] =
        index < 4
          ? [{ keys: [{ column: at(index) }], unique: false, ...(named && { name: `ix_${name}_${at(index)}` }) }]
          : [];
      const quote = dialect === "sqlite" ? (c: string) => `"${c}"` : (c: string) => c;
      return {
        name,
        columns: [id, ...columns, ...fkColumns],
        primaryKey: { columns: ["id"] },
        foreignKeys,
        uniques: unique < 3 ? [{ columns: [at(unique)] }] : [],
        indexes,
        checks: check < 3 ? [{ expression: `${quote(at(check))} IS NOT NULL` }] : [],
      };
    });
}

/** A random normalized schema of up to four tables with columns, keys, indexes, uniques and checks. */
export function schemaArb(dialect: Dialect): fc.Arbitrary<Schema> {
  return fc
    .subarray(TABLES)
    .chain(
      (names): fc.Arbitrary<Table[]> =>
        names.length ? fc.tuple(...names.map((n) => tableArb(n, names, dialect))) : fc.constant([]),
    )
    .map((tables) => normalizeSchema({ dialect, tables }));
}
