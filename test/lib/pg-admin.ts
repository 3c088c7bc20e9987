/**
 * Helpers for tests that manage PostgreSQL databases themselves: a connection to the test server
 * (`PORMG_TEST_PG_URL`) for administration, URLs of sibling databases, and what a database holds.
 */

import type { Driver } from "../../src/core/driver.ts";
import { connect } from "../../src/dialect/connect.ts";
import { PG_URL } from "./cli.ts";

/** Runs `fn` on a fresh connection to the test server's database, always closing it. */
export async function withPg<T>(fn: (db: Driver) => Promise<T>, url = PG_URL): Promise<T> {
  const db = await connect({ dialect: "postgresql", url });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** Runs one administrative statement (CREATE/DROP DATABASE, GRANT …) on the test server. */
export async function adminExecute(sql: string): Promise<void> {
  await withPg((db) => db.execute(sql));
}

/** `url` (default: the test server's) with its database name replaced by `name`. */
export function databaseUrl(name: string, url = PG_URL): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** The tables in the `public` schema of the database at `url`, by name. */
export async function publicTables(url: string): Promise<string[]> {
  return withPg(async (db) => {
    const rows = await db.query<{ t: string }>(
      "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    );
    return rows.map((r) => r.t);
  }, url);
}
