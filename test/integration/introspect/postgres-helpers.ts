import type { Driver, Row } from "../../../src/core/driver.ts";
import { connect } from "../../../src/dialect/connect.ts";
import { introspectPostgres } from "../../../src/dialect/postgres/postgres-introspect.ts";
import type { LiveSchema } from "../../../src/schema/ir.ts";
import { PG_URL } from "../../lib/cli.ts";

/** The PostgreSQL server the integration tests use. */
export { PG_URL };

/** A TestSchema is a fresh `t_<random>` schema on its own connection, with search_path set to it. */
export interface TestSchema {
  readonly driver: Driver;
  readonly name: string;
  /** Runs a DDL script inside the schema. */
  run(sql: string): Promise<void>;
  /** Introspects the schema, counting the statements introspection sent. */
  introspect(ignoreTables?: readonly string[]): Promise<LiveSchema & { readonly statements: number }>;
  /** Drops the schema and closes the connection. */
  dispose(): Promise<void>;
}

/** Wraps a driver so every query and execute (also inside transactions) bumps `counter.count`. */
export function countingDriver(inner: Driver, counter: { count: number }): Driver {
  return {
    dialect: inner.dialect,
    serverVersion: inner.serverVersion,
    query<R extends Row = Row>(sql: string, params?: readonly unknown[]) {
      counter.count++;
      return inner.query<R>(sql, params);
    },
    execute(sql: string) {
      counter.count++;
      return inner.execute(sql);
    },
    transaction<T>(fn: (tx: Driver) => Promise<T>) {
      return inner.transaction((tx) => fn(countingDriver(tx, counter)));
    },
    close: () => inner.close(),
  };
}

/** Creates a fresh schema `t_<random>` and a connection whose search_path is it. */
export async function createTestSchema(): Promise<TestSchema> {
  const driver = await connect({ dialect: "postgresql", url: PG_URL });
  const name = `t_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await driver.execute(`CREATE SCHEMA "${name}"; SET search_path TO "${name}"`);
  return {
    driver,
    name,
    run: (sql) => driver.execute(sql),
    async introspect(ignoreTables = []) {
      const counter = { count: 0 };
      const live = await introspectPostgres(countingDriver(driver, counter), { schema: name, ignoreTables });
      return { ...live, statements: counter.count };
    },
    async dispose() {
      try {
        await driver.execute(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
      } finally {
        await driver.close();
      }
    },
  };
}
