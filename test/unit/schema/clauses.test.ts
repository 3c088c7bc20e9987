import { describe, expect, test } from "bun:test";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { schemaDifferences } from "../../../src/diff/differences.ts";
import type { ForeignKey, Schema, Table } from "../../../src/schema/ir.ts";
import { normalizeSchema } from "../../../src/schema/normalize.ts";
import { canonicalStorage, parseReloptions, storageValue } from "../../../src/schema/storage.ts";

describe("storage parameters in canonical form", () => {
  test("every spelling PostgreSQL accepts for a boolean parameter is on/off", () => {
    for (const v of ["true", "TRUE", "t", "tr", "yes", "y", "on", "1"])
      expect(storageValue("deduplicate_items", v)).toBe("on");
    for (const v of ["false", "f", "no", "n", "off", "of", "0", "OFF"])
      expect(storageValue("autovacuum_enabled", v)).toBe("off");
    expect(storageValue("toast.vacuum_truncate", "0")).toBe("off");
    expect(storageValue("fastupdate", true)).toBe("on");
  });
  test("numbers as JavaScript prints them; 0 and 1 stay numbers for numeric parameters", () => {
    expect(storageValue("fillfactor", "070")).toBe("70");
    expect(storageValue("autovacuum_vacuum_scale_factor", "0.10")).toBe("0.1");
    expect(storageValue("autovacuum_vacuum_threshold", "1")).toBe("1");
    expect(storageValue("fillfactor", 90)).toBe("90");
  });
  test("anything else trimmed and lowercased", () => {
    expect(storageValue("buffering", " AUTO ")).toBe("auto");
    expect(storageValue("vacuum_index_cleanup", "true")).toBe("on");
  });
  test("names lowercased, sorted; none at all is absent", () => {
    expect(canonicalStorage({ FillFactor: 70, autovacuum_enabled: false })).toEqual({
      autovacuum_enabled: "off",
      fillfactor: "70",
    });
    expect(Object.keys(canonicalStorage({ b: 1, a: 2 }) ?? {})).toEqual(["a", "b"]);
    expect(canonicalStorage({})).toBeUndefined();
    expect(canonicalStorage(undefined)).toBeUndefined();
  });
  test("reloptions parse into name → value, with a prefix for the TOAST table's", () => {
    expect(parseReloptions(["fillfactor=70", "deduplicate_items=false"])).toEqual({
      fillfactor: "70",
      deduplicate_items: "false",
    });
    expect(parseReloptions(["autovacuum_enabled=off"], "toast.")).toEqual({ "toast.autovacuum_enabled": "off" });
    expect(parseReloptions(null)).toEqual({});
  });
});

const fk = (extra: Partial<ForeignKey> = {}): ForeignKey => ({
  columns: ["a", "b"],
  references: { table: "p", columns: ["x", "y"] },
  onDelete: "NO ACTION",
  onUpdate: "NO ACTION",
  deferred: false,
  ...extra,
});
const table = (extra: Partial<Table>): Table => ({
  name: "t",
  columns: [
    { name: "a", type: { kind: "integer" }, nullable: true },
    { name: "b", type: { kind: "integer" }, nullable: true },
  ],
  foreignKeys: [],
  uniques: [],
  indexes: [],
  checks: [],
  ...extra,
});
const schema = (t: Table): Schema =>
  normalizeSchema({ dialect: "postgresql", tables: [t] }, dialectNamed("postgresql"));

describe("normalized clauses", () => {
  test("a foreign key: DEFERRED implies DEFERRABLE; an ON DELETE list of every column, or without SET NULL, means nothing", () => {
    const [t] = schema(
      table({
        foreignKeys: [
          fk({ deferred: true, deferrable: true }),
          fk({ onDelete: "SET NULL", onDeleteColumns: ["b", "a"] }),
          fk({ onDelete: "CASCADE", onDeleteColumns: ["a"] }),
          fk({ onDelete: "SET DEFAULT", onDeleteColumns: ["b", "b"] }),
        ],
      }),
    ).tables;
    expect(t?.foreignKeys).toEqual([
      fk({ onDelete: "CASCADE" }),
      fk({ deferred: true }),
      fk({ onDelete: "SET DEFAULT", onDeleteColumns: ["b"] }),
      fk({ onDelete: "SET NULL" }),
    ]);
  });
  test("empty storage parameters are no storage parameters", () => {
    const [t] = schema(
      table({ storage: {}, indexes: [{ keys: [{ column: "a" }], unique: false, storage: {} }] }),
    ).tables;
    expect(t?.storage).toBeUndefined();
    expect(t?.indexes[0]).toEqual({ keys: [{ column: "a" }], unique: false });
  });
});

describe("check names the clause", () => {
  const differences = (models: Table, live: Table) =>
    schemaDifferences(schema(models), schema(live), dialectNamed(schema(live).dialect)).map((d) => d.what);
  test("foreign-key timing, in full", () => {
    expect(
      differences(table({ foreignKeys: [fk({ deferred: true })] }), table({ foreignKeys: [fk({ deferrable: true })] })),
    ).toEqual([
      "foreign key (a, b) → p(x, y) on delete no action on update no action: models deferrable initially deferred, database deferrable initially immediate",
    ]);
    expect(differences(table({ foreignKeys: [fk()] }), table({ foreignKeys: [fk({ deferrable: true })] }))).toEqual([
      "foreign key (a, b) → p(x, y) on delete no action on update no action: models not deferrable, database deferrable initially immediate",
    ]);
  });
  test("NOT VALID: the models' NOT VALID accepts a validated constraint, not the other way round", () => {
    const check = { name: "t_a_check", expression: "a > 0" };
    const notValid = { ...check, notValid: true as const };
    expect(differences(table({ checks: [notValid] }), table({ checks: [check] }))).toEqual([]);
    expect(differences(table({ checks: [check] }), table({ checks: [notValid] }))).toEqual([
      "check (a > 0): not validated in the database (NOT VALID)",
    ]);
    expect(differences(table({ foreignKeys: [fk({ notValid: true })] }), table({ foreignKeys: [fk()] }))).toEqual([]);
  });
  test("a primary key's timing, a unique's NULLS NOT DISTINCT, a check's NO INHERIT, a column's collation", () => {
    const live = table({ primaryKey: { columns: ["a"] } });
    expect(differences(table({ primaryKey: { columns: ["a"], deferrable: "deferred" } }), live)).toEqual([
      "primary key: models (a) deferrable initially deferred, database (a)",
    ]);
    expect(
      differences(
        table({ uniques: [{ columns: ["a"], nullsNotDistinct: true }] }),
        table({ uniques: [{ columns: ["a"] }] }),
      ),
    ).toEqual([
      "unique constraint (a) nulls not distinct is missing in the database",
      "unique constraint (a) is in the database but not in the models",
    ]);
    expect(
      differences(
        table({ checks: [{ expression: "a > 0", noInherit: true }] }),
        table({ checks: [{ expression: "a > 0" }] }),
      ),
    ).toEqual([
      "check (a > 0) no inherit is missing in the database",
      "check (a > 0) is in the database but not in the models",
    ]);
    const collated = table({});
    const columns = collated.columns.map((c) => (c.name === "a" ? { ...c, collation: "C" } : c));
    expect(
      schemaDifferences(schema({ ...collated, columns }), schema(collated), dialectNamed(schema(collated).dialect)),
    ).toEqual([{ table: "t", column: "a", what: 'collation: models "C", database default' }]);
  });
});
