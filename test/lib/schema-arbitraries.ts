import fc from "fast-check";
import type {
  Column,
  ColumnType,
  Deferrable,
  ForeignKey,
  Index,
  Schema,
  StorageParameters,
  Table,
} from "../../src/schema/ir.ts";
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

/** Optional PostgreSQL storage parameters (absent half the time). */
const storageArb = fc.option(
  fc.constantFrom<StorageParameters>({ fillfactor: "70" }, { fillfactor: "90" }, { autovacuum_enabled: "off" }),
  { nil: undefined },
);
const indexStorageArb = fc.option(
  fc.constantFrom<StorageParameters>({ fillfactor: "70" }, { deduplicate_items: "off" }),
  { nil: undefined },
);

const columnArb = (name: string, dialect: Dialect) =>
  fc
    .record({
      type: fc.constantFrom(...TYPES),
      nullable: fc.boolean(),
      withDefault: fc.boolean(),
      seed: fc.nat(5),
      collation:
        dialect === "postgresql"
          ? fc.constantFrom(undefined, undefined, "C", "POSIX")
          : fc.constantFrom(undefined, undefined, "NOCASE", "RTRIM"),
    })
    .map(({ type, nullable, withDefault, seed, collation }): Column => {
      const value = sampleValue(type, seed);
      const collatable = type.kind === "text" || type.kind === "varchar";
      return {
        name,
        type,
        nullable,
        ...(withDefault && { default: { kind: "literal", value } }),
        ...(collatable && collation !== undefined && { collation }),
      };
    });

/** PostgreSQL clauses of one table (all absent on SQLite). */
const clausesArb = fc.record({
  table: storageArb,
  primaryKey: indexStorageArb,
  index: indexStorageArb,
  unique: fc.record({
    deferrable: fc.constantFrom<Deferrable | undefined>(undefined, "immediate", "deferred"),
    nullsNotDistinct: fc.boolean(),
    storage: indexStorageArb,
  }),
  timing: fc.constantFrom("deferred", "immediate", "not deferrable"),
  matchFull: fc.boolean(),
  notValid: fc.boolean(),
  noInherit: fc.boolean(),
});

function tableArb(name: string, names: readonly string[], dialect: Dialect): fc.Arbitrary<Table> {
  return fc
    .record({
      columns: fc
        .subarray(COLUMNS, { minLength: 1 })
        .chain((cols) => fc.tuple(...cols.map((c) => columnArb(c, dialect)))),
      refs: fc.subarray(names.filter((n) => n !== name)),
      identity: fc.boolean(),
      cascade: fc.boolean(),
      index: fc.nat(6),
      unique: fc.nat(6),
      check: fc.nat(6),
      named: fc.boolean(),
      clauses: clausesArb,
    })
    .map(({ columns, refs, identity, cascade, index, unique, check, named, clauses }): Table => {
      const pg = dialect === "postgresql";
      const only = <T extends object>(value: T | undefined | false): T | object => (pg && value ? value : {});
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
          deferred: pg && clauses.timing === "deferred",
          ...only(clauses.timing === "immediate" && { deferrable: true as const }),
          ...only(clauses.matchFull && { match: "full" as const }),
          ...only(clauses.notValid && { notValid: true as const }),
        }),
      );
      const at = (n: number) => (columns[n % columns.length] as Column).name;
      const indexes: Index[] =
        index < 4
          ? [
              {
                keys: [{ column: at(index) }],
                unique: false,
                ...(named && { name: `ix_${name}_${at(index)}` }),
                ...only(clauses.index && { storage: clauses.index }),
              },
            ]
          : [];
      const u = clauses.unique;
      const quote = dialect === "sqlite" ? (c: string) => `"${c}"` : (c: string) => c;
      return {
        name,
        columns: [id, ...columns, ...fkColumns],
        primaryKey: { columns: ["id"], ...only(clauses.primaryKey && { storage: clauses.primaryKey }) },
        foreignKeys,
        uniques:
          unique < 3
            ? [
                {
                  columns: [at(unique)],
                  ...only(u.deferrable && { deferrable: u.deferrable }),
                  ...only(u.nullsNotDistinct && { nullsNotDistinct: true as const }),
                  ...only(u.storage && { storage: u.storage }),
                },
              ]
            : [],
        indexes,
        checks:
          check < 3
            ? [{ expression: `${quote(at(check))} IS NOT NULL`, ...only(clauses.noInherit && { noInherit: true }) }]
            : [],
        ...only(clauses.table && { storage: clauses.table }),
      };
    });
}

/**
 * A random normalized schema of up to four tables with columns (text ones sometimes with a collation
 * of the dialect), keys, indexes, uniques and checks; on PostgreSQL also with its clauses (storage
 * parameters, deferrable uniques, foreign-key timing, MATCH FULL and NOT VALID, NULLS NOT DISTINCT,
 * NO INHERIT).
 */
export function schemaArb(dialect: Dialect): fc.Arbitrary<Schema> {
  return fc
    .subarray(TABLES)
    .chain(
      (names): fc.Arbitrary<Table[]> =>
        names.length ? fc.tuple(...names.map((n) => tableArb(n, names, dialect))) : fc.constant([]),
    )
    .map((tables) => normalizeSchema({ dialect, tables }));
}
