import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Driver } from "../../../src/core/driver.ts";
import { connect } from "../../../src/dialect/connect.ts";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { introspect } from "../../../src/introspect/introspect.ts";
import type { Schema } from "../../../src/schema/ir.ts";
import type { PlanStep } from "../../../src/schema/operation.ts";

/** A transactional plan step with `label` and `sql`; `extra` overrides the other fields. */
export function step(label: string, sql: string, extra: Partial<PlanStep> = {}): PlanStep {
  return { label, sql, destructive: false, transactional: true, ...extra };
}

/** A SqliteFile is a fresh SQLite file in its own temporary directory. */
export interface SqliteFile {
  readonly path: string;
  /** Opens a new connection to the file (foreign keys ON, as every pormg connection). */
  open(): Promise<Driver>;
  /** The SHA-256 of the file's bytes. */
  hash(): string;
  dispose(): void;
}

/** Creates a SQLite file holding `ddl` (run with foreign keys ON). */
export async function sqliteFile(ddl: string): Promise<SqliteFile> {
  const dir = mkdtempSync(join(tmpdir(), "pormg-apply-"));
  const path = join(dir, "test.db");
  const open = () => connect({ dialect: "sqlite", path });
  const driver = await open();
  try {
    await driver.execute(ddl);
  } finally {
    await driver.close();
  }
  return {
    path,
    open,
    hash: () => createHash("sha256").update(readFileSync(path)).digest("hex"),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The schema a SQLite database holding `ddl` introspects to: the "models" a plan should reach. */
export async function sqliteSchemaOf(ddl: string): Promise<Schema> {
  const file = await sqliteFile(ddl);
  try {
    const driver = await file.open();
    try {
      return (await introspect(driver, dialectNamed(driver.dialect))).schema;
    } finally {
      await driver.close();
    }
  } finally {
    file.dispose();
  }
}

/** Runs `query` and returns its single `n` column as a number. */
export async function count(driver: Driver, query: string): Promise<number> {
  const [row] = await driver.query<{ n: unknown }>(query);
  return Number(row?.n);
}

/** Catches the error `fn` throws (fails when it does not throw). */
export async function caught(
  fn: () => Promise<unknown>,
): Promise<Error & { code?: string; details?: Record<string, unknown> }> {
  try {
    await fn();
  } catch (error) {
    return error as Error & { code?: string; details?: Record<string, unknown> };
  }
  throw new Error("expected an error, but none was thrown");
}
