import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DialectName } from "../../../src/core/dialect-name.ts";
import type { Driver } from "../../../src/core/driver.ts";
import { connect } from "../../../src/dialect/connect.ts";

/** The PostgreSQL server the integration tests use. */
export const PG_URL = process.env.PORMG_TEST_PG_URL ?? "postgres://root@127.0.0.1:5432/test";

/**
 * A HistoryDb is a scratch database for one test: a fresh `t_<random>` schema on PostgreSQL (the
 * connection's search_path set to it) or a fresh SQLite file. `open` gives another connection to
 * the same place; `dispose` drops or removes everything.
 */
export interface HistoryDb {
  readonly dialect: DialectName;
  readonly driver: Driver;
  /** A SQL parameter placeholder: `$n` or `?`. */
  p(n: number): string;
  open(): Promise<Driver>;
  dispose(): Promise<void>;
}

/** Creates a scratch database of `dialect`. */
export async function historyDb(dialect: DialectName): Promise<HistoryDb> {
  const extra: Driver[] = [];
  if (dialect === "postgresql") {
    const name = `t_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
    const open = async () => {
      const d = await connect({ dialect: "postgresql", url: PG_URL });
      await d.execute(`SET search_path TO "${name}"`);
      return d;
    };
    const admin = await connect({ dialect: "postgresql", url: PG_URL });
    await admin.execute(`CREATE SCHEMA "${name}"`);
    const driver = await open();
    return {
      dialect,
      driver,
      p: (n) => `$${n}`,
      async open() {
        const d = await open();
        extra.push(d);
        return d;
      },
      async dispose() {
        for (const d of [driver, ...extra]) await d.close().catch(() => {});
        try {
          await admin.execute(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
        } finally {
          await admin.close();
        }
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "pormg-history-"));
  const path = join(dir, "history.db");
  const driver = await connect({ dialect: "sqlite", path });
  return {
    dialect,
    driver,
    p: () => "?",
    async open() {
      const d = await connect({ dialect: "sqlite", path });
      extra.push(d);
      return d;
    },
    async dispose() {
      for (const d of [driver, ...extra]) await d.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A 17-digit version whose last digits are `n`. */
export function v(n: number): string {
  return `20250101000000${String(n).padStart(3, "0")}`;
}
