/**
 * What `status` reads of a MySQL / MariaDB database beside its schema, through the Introspector: a
 * bound on how long its reads wait for locks. `information_schema` reads take metadata locks of the
 * high-priority shared kind, which only an exclusive one (an `ALTER TABLE` at its swap, a `DROP`)
 * holds up; `lock_wait_timeout` bounds that wait, and any other metadata lock wait of the session.
 */
import type { Driver } from "../../core/driver.ts";

/**
 * Makes the session's statements wait at most `ms` milliseconds for a metadata lock
 * (`lock_wait_timeout`, in whole seconds on both servers: rounded up, at least one).
 */
export async function waitForLocksAtMost(driver: Driver, ms: number): Promise<void> {
  await driver.query("SET SESSION lock_wait_timeout = ?", [Math.max(1, Math.ceil(ms / 1000))]);
}
