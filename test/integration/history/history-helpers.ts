import type { DialectName } from "../../../src/core/dialect-name.ts";
import type { Driver } from "../../../src/core/driver.ts";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { harnessOf } from "../../lib/dialects.ts";

/**
 * A HistoryDb is a scratch database for one test: a fresh `t_<random>` schema on PostgreSQL (the
 * connection's search_path set to it) or a fresh SQLite file (test/lib/dialects.ts's
 * TestDatabase). `open` gives another connection to the same place; `dispose` drops or removes everything.
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
  const h = harnessOf(dialectNamed(dialect));
  const db = await h.freshDatabase();
  return { dialect, driver: db.driver, p: h.placeholder, open: db.open, dispose: db.dispose };
}

/** A 17-digit version whose last digits are `n`. */
export function v(n: number): string {
  return `20250101000000${String(n).padStart(3, "0")}`;
}
