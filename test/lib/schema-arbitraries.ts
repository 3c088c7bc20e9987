import fc from "fast-check";
import { dialectNamed } from "../../src/dialect/dialect.ts";
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

/** The column types of `dialect`: on MySQL a key over text needs a prefix length, so a varchar stands in for text. */
const typesOf = (dialect: Dialect): ColumnType[] =>
  dialect === "mysql" ? TYPES.map((t) => (t.kind === "text" ? { kind: "varchar", length: 60 } : t)) : TYPES;

/** Collations of `dialect` a text column may name (undefined: none, twice as likely). */
const collationsOf = (dialect: Dialect): (string | undefined)[] =>
  dialect === "postgresql"
    ? [undefined, undefined, "C", "POSIX"]
    : dialect === "mysql"
      ? [undefined, undefined, "utf8mb4_bin", "utf8mb4_general_ci"]
      : [undefined, undefined, "NOCASE", "RTRIM"];

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

/** The types a table's `id` can have; foreign keys to the table take the same type. */
export const ID_TYPES: readonly ColumnType[] = [
  { kind: "bigint" },
  { kind: "integer" },
  { kind: "varchar", length: 20 },
];

/**
 * Whether an `id` of this type can be an identity: an integer on PostgreSQL and MySQL
 * (AUTO_INCREMENT); on SQLite only a bigint (AUTOINCREMENT needs INTEGER PRIMARY KEY, which reads
 * back as bigint).
 */
export function identityAllowed(type: ColumnType, dialect: Dialect): boolean {
  return type.kind === "bigint" || ((dialect === "postgresql" || dialect === "mysql") && type.kind === "integer");
}

/**
 * How a generated table is keyed: a primary key on `id` (the common case), on one other column,
 * composite (`id` and another column), or none.
 */
export interface KeyChoice {
  readonly kind: "id" | "column" | "composite" | "none";
  /** Picks the other column, modulo the table's columns. */
  readonly at: number;
}

/** Key choices, a key on `id` twice as likely as each other kind. */
export const keyChoiceArb: fc.Arbitrary<KeyChoice> = fc.record({
  kind: fc.constantFrom<KeyChoice["kind"]>("id", "id", "column", "composite", "none"),
  at: fc.nat(3),
});

/**
 * Gives `table` the primary key `choice` says (the other column is one that is neither `id` nor a
 * `ref_` foreign-key column nor generated). Key columns become NOT NULL; when the key is not `id` alone, `id`
 * gets a unique constraint so foreign keys to the table stay valid (a unique over exactly the key's
 * columns is left out), and `id` loses any identity (SQLite
 * allows AUTOINCREMENT only on an INTEGER PRIMARY KEY). So pairs of such tables change primary
 * keys, make key columns composite, and make former key columns nullable.
 */
export function withKey(table: Table, choice: KeyChoice): Table {
  // A generated column is never part of a primary key (SQLite refuses it; the models do too).
  const others = table.columns.filter((c) => c.name !== "id" && !c.name.startsWith("ref_") && !c.generated);
  const other = others[choice.at % Math.max(others.length, 1)]?.name;
  const key =
    choice.kind === "id" || other === undefined
      ? choice.kind === "none"
        ? []
        : ["id"]
      : choice.kind === "column"
        ? [other]
        : choice.kind === "composite"
          ? ["id", other]
          : [];
  const idOnly = key.length === 1 && key[0] === "id";
  const columns = table.columns.map((c): Column => {
    const keyed = key.includes(c.name) ? { ...c, nullable: false } : c;
    if (idOnly || c.name !== "id" || !keyed.identity) return keyed;
    const { identity: _, ...rest } = keyed;
    return rest;
  });
  const { primaryKey: _, ...rest } = table;
  return {
    ...rest,
    columns,
    // The key keeps its clauses (PostgreSQL storage parameters of its index).
    ...(key.length > 0 && { primaryKey: { ...table.primaryKey, columns: key } }),
    // A unique over exactly the key's columns would repeat the key (SQLite folds the two into one index).
    uniques: [
      ...table.uniques.filter((u) => u.columns.join() !== key.join() && u.columns.join() !== "id"),
      ...(idOnly ? [] : [{ columns: ["id"] }]),
    ],
  };
}

const columnArb = (name: string, dialect: Dialect) =>
  fc
    .record({
      type: fc.constantFrom(...typesOf(dialect)),
      nullable: fc.boolean(),
      withDefault: fc.boolean(),
      seed: fc.nat(5),
      collation: fc.constantFrom(...collationsOf(dialect)),
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

function tableArb(
  name: string,
  names: readonly string[],
  idTypes: ReadonlyMap<string, ColumnType>,
  dialect: Dialect,
): fc.Arbitrary<Table> {
  const idType = idTypes.get(name) ?? { kind: "bigint" };
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
      key: keyChoiceArb,
      generated: fc.nat(5),
    })
    .map(({ columns, refs, identity, cascade, index, unique, check, named, clauses, key, generated }): Table => {
      const pg = dialect === "postgresql";
      // Expressions as the server prints them back (MariaDB: backquoted names, lower-case keywords).
      const my = dialect === "mysql";
      const only = <T extends object>(value: T | undefined | false): T | object => (pg && value ? value : {});
      const autoIncrement = identity && identityAllowed(idType, dialect);
      const id: Column = {
        name: "id",
        type: idType,
        nullable: false,
        ...(autoIncrement && { identity: { always: false } }),
      };
      const fkColumns = refs.map(
        (r): Column => ({ name: `ref_${r}`, type: idTypes.get(r) ?? { kind: "bigint" }, nullable: true }),
      );
      // A generated column computed from an integer key: two expressions, STORED (or VIRTUAL on SQLite
      // and MySQL), or none. MySQL refuses one computed from an AUTO_INCREMENT column.
      const generatedColumns: Column[] =
        generated < 3 &&
        (idType.kind === "bigint" || idType.kind === "integer") &&
        !(dialect === "mysql" && autoIncrement)
          ? [
              {
                name: "g",
                type: { kind: "bigint" },
                nullable: true,
                generated: {
                  expression: my ? (generated === 1 ? "`id` + 1" : "`id` * 2") : generated === 1 ? "id + 1" : "id * 2",
                  stored: generated < 2 || dialect === "postgresql",
                },
              },
            ]
          : [];
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
      const quote =
        dialect === "sqlite"
          ? (c: string) => `"${c}"`
          : dialect === "mysql"
            ? (c: string) => `\`${c}\``
            : (c: string) => c;
      return withKey(
        {
          name,
          columns: [id, ...columns, ...generatedColumns, ...fkColumns],
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
              ? [
                  {
                    expression: `${quote(at(check))} ${my ? "is not null" : "IS NOT NULL"}`,
                    ...only(clauses.noInherit && { noInherit: true }),
                  },
                ]
              : [],
          ...only(clauses.table && { storage: clauses.table }),
        },
        key,
      );
    });
}

/**
 * A random normalized schema of up to four tables with columns (text ones sometimes with a collation
 * of the dialect), keys (single, composite, on another column, none; `id` of varying type, foreign
 * keys following it), indexes, uniques and checks; on PostgreSQL also with its clauses (storage
 * parameters, deferrable uniques, foreign-key timing, MATCH FULL and NOT VALID, NULLS NOT DISTINCT,
 * NO INHERIT).
 */
export function schemaArb(dialect: Dialect): fc.Arbitrary<Schema> {
  return fc
    .subarray(TABLES)
    .chain((names) =>
      fc.tuple(
        fc.constant(names),
        names.length ? fc.tuple(...names.map(() => fc.constantFrom(...ID_TYPES))) : fc.constant([]),
      ),
    )
    .chain(([names, types]): fc.Arbitrary<Table[]> => {
      const idTypes = new Map(names.map((n, i) => [n, types[i] as ColumnType]));
      return names.length ? fc.tuple(...names.map((n) => tableArb(n, names, idTypes, dialect))) : fc.constant([]);
    })
    .map((tables) => normalizeSchema({ dialect, tables }, dialectNamed(dialect)));
}
