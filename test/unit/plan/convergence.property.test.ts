import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import type { RenameResolver } from "../../../src/diff/resolve-renames.ts";
import { planOperations } from "../../../src/plan/plan-operations.ts";
import type { Column, ColumnType, Default, ForeignKey, Index, Schema, Table } from "../../../src/schema/ir.ts";
import { DIALECTS } from "../../lib/dialects.ts";
import { ID_TYPES, identityAllowed, keyChoiceArb, withKey } from "../../lib/schema-arbitraries.ts";
import { type Dialect, schema, shapes, simulate } from "./simulate.ts";

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

function defaultFor(type: ColumnType, pick: number, expressions: boolean): Default | undefined {
  if (pick === 0) return undefined;
  if (pick === 2 && expressions && type.kind === "text") return { kind: "expression", sql: "CURRENT_TIMESTAMP" };
  if (type.kind === "boolean") return { kind: "literal", value: pick === 1 };
  if (type.kind === "integer" || type.kind === "double") return { kind: "literal", value: pick };
  return { kind: "literal", value: `v${pick}` };
}

const columnArb = (name: string, expressions: boolean) =>
  fc
    .record({ type: fc.constantFrom(...TYPES), nullable: fc.boolean(), pick: fc.integer({ min: 0, max: 2 }) })
    .map(({ type, nullable, pick }): Column => {
      const value = defaultFor(type, pick, expressions);
      return { name, type, nullable, ...(value && { default: value }) };
    });

/**
 * One table of a schema whose tables are `names`; foreign keys point at `id` of tables of the set,
 * with the type `idTypes` gives that table's `id`; the primary key varies (`withKey`).
 */
function tableArb(
  name: string,
  names: readonly string[],
  idTypes: ReadonlyMap<string, ColumnType>,
  dialect: Dialect,
  expressions: boolean,
): fc.Arbitrary<Table> {
  const idType = idTypes.get(name) ?? { kind: "bigint" };
  return fc
    .record({
      columns: fc
        .subarray(COLUMNS, { minLength: 1 })
        .chain((cols) => fc.tuple(...cols.map((c) => columnArb(c, expressions)))),
      refs: fc.subarray([...names]),
      identity: dialect === "postgresql" ? fc.boolean() : fc.constant(false),
      cascade: fc.boolean(),
      extras: fc.record({
        index: fc.nat(9),
        unique: fc.nat(9),
        check: fc.nat(9),
        named: fc.boolean(),
        expr: fc.boolean(),
      }),
      key: keyChoiceArb,
    })
    .map(({ columns, refs, identity, cascade, extras, key }): Table => {
      const id: Column = {
        name: "id",
        type: idType,
        nullable: false,
        ...(identity && identityAllowed(idType, dialect) && { identity: { always: false } }),
      };
      const fkColumns = refs.map(
        (r): Column => ({ name: `ref_${r}`, type: idTypes.get(r) ?? { kind: "bigint" }, nullable: true }),
      );
      const foreignKeys = refs.map(
        (r): ForeignKey => ({
          columns: [`ref_${r}`],
          references: { table: r, columns: ["id"] },
          onDelete: cascade ? "CASCADE" : "NO ACTION",
          onUpdate: "NO ACTION",
          deferred: false,
        }),
      );
      const at = (n: number) => (columns[n % columns.length] as Column).name;
      const indexes: Index[] = [];
      if (extras.index < 5)
        indexes.push({
          keys: [{ column: at(extras.index) }],
          unique: false,
          ...(extras.named && { name: `ix_${name}_${extras.index}` }),
        });
      if (extras.expr) indexes.push({ keys: [{ expression: `lower(${at(extras.index + 1)})` }], unique: false });
      return withKey(
        {
          name,
          columns: [id, ...columns, ...fkColumns],
          primaryKey: { columns: ["id"] },
          foreignKeys,
          uniques: extras.unique < 4 ? [{ columns: [at(extras.unique)] }] : [],
          indexes,
          checks: extras.check < 4 ? [{ expression: `${at(extras.check)} IS NOT NULL` }] : [],
        },
        key,
      );
    });
}

function schemaArb(dialect: Dialect, expressions: boolean): fc.Arbitrary<Schema> {
  return fc
    .subarray(TABLES)
    .chain((names) => fc.tuple(fc.constant(names), fc.tuple(...names.map(() => fc.constantFrom(...ID_TYPES)))))
    .chain(([names, types]) => {
      const idTypes = new Map(names.map((n, i) => [n, types[i] as ColumnType]));
      return fc.tuple(...names.map((n) => tableArb(n, names, idTypes, dialect, expressions)));
    })
    .map((tables) => schema(dialect, tables));
}

/** Rename hints for some of the pairs that could be renames (old only in `a`, new only in `b`). */
function hintsArb(a: Schema, b: Schema): fc.Arbitrary<string[]> {
  const aNames = new Set(a.tables.map((t) => t.name));
  const bNames = new Set(b.tables.map((t) => t.name));
  const gone = [...aNames].filter((n) => !bNames.has(n));
  const fresh = [...bNames].filter((n) => !aNames.has(n));
  const tablePair = gone.length && fresh.length ? [`${gone[0]}=${fresh[0]}`] : [];
  const columnPairs = b.tables.flatMap((t) => {
    const before = a.tables.find((x) => x.name === t.name);
    if (!before) return [];
    const old = before.columns.filter((c) => !t.columns.some((x) => x.name === c.name)).map((c) => c.name);
    const now = t.columns.filter((c) => !before.columns.some((x) => x.name === c.name)).map((c) => c.name);
    return old[0] !== undefined && now[0] !== undefined ? [`${t.name}.${old[0]}=${t.name}.${now[0]}`] : [];
  });
  return fc.subarray([...tablePair, ...columnPairs]);
}

/** Answers every rename question "new". */
const allNew: RenameResolver = { decide: async () => null };

const runs = Number(process.env.PORMG_PROPERTY_RUNS ?? 200);

for (const { name: dialect } of DIALECTS) {
  describe(`${dialect}: planner convergence (property)`, () => {
    test("planOperations(a, a, dialectNamed(a.dialect)) is empty", async () => {
      await fc.assert(
        fc.asyncProperty(schemaArb(dialect, true), async (a) => {
          expect(await planOperations(a, a, dialectNamed(a.dialect))).toEqual([]);
        }),
        { numRuns: runs },
      );
    });

    test("applying planOperations(a, b, dialectNamed(a.dialect)) to a yields b, and a second plan is empty", async () => {
      const pair = fc
        .tuple(schemaArb(dialect, false), schemaArb(dialect, true))
        .chain(([a, b]) => fc.tuple(fc.constant(a), fc.constant(b), hintsArb(a, b)));
      await fc.assert(
        fc.asyncProperty(pair, async ([a, b, hints]) => {
          const ops = await planOperations(a, b, dialectNamed(a.dialect), { hints, resolver: allNew });
          const after = simulate(a, ops);
          expect(shapes(after)).toEqual(shapes(b));
          expect(await planOperations(after, b, dialectNamed(after.dialect))).toEqual([]);
        }),
        { numRuns: runs },
      );
    });
  });
}
