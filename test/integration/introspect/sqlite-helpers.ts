import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Driver } from "../../../src/core/driver.ts";
import { connect } from "../../../src/dialect/connect.ts";
import { introspectSqlite } from "../../../src/dialect/sqlite/sqlite-introspect.ts";
import type { LiveSchema, Table } from "../../../src/schema/ir.ts";

/** A TempSqlite is a fresh SQLite file in its own temporary directory, removed by `dispose`. */
export interface TempSqlite {
  readonly driver: Driver;
  readonly path: string;
  dispose(): Promise<void>;
}

/** Opens a new SQLite file in a new temporary directory through `connect`. */
export async function tempSqlite(): Promise<TempSqlite> {
  const dir = mkdtempSync(join(tmpdir(), "pormg-introspect-"));
  const path = join(dir, "test.db");
  const driver = await connect({ dialect: "sqlite", path });
  return {
    driver,
    path,
    async dispose() {
      await driver.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `ddl` in a fresh file, introspects it, and disposes of the file. */
export async function introspectDdl(ddl: string, ignoreTables: readonly string[] = []): Promise<LiveSchema> {
  const db = await tempSqlite();
  try {
    await db.driver.execute(ddl);
    return await introspectSqlite(db.driver, { ignoreTables });
  } finally {
    await db.dispose();
  }
}

/** The table named `name` of a LiveSchema; fails the test when it is missing. */
export function tableOf(live: LiveSchema, name: string): Table {
  const table = live.schema.tables.find((t) => t.name === name);
  if (table === undefined)
    throw new Error(`table ${name} not introspected; got ${live.schema.tables.map((t) => t.name)}`);
  return table;
}

/** The items sorted by their JSON text, to compare lists whose order normalization decides. */
export function bag<T>(items: readonly T[] | undefined): T[] {
  return [...(items ?? [])].sort((a, b) => (stableJson(a) < stableJson(b) ? -1 : 1));
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_, v) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}
