import type { Driver } from "../core/driver.ts";

/**
 * Releases a migration lock held on its own `connection` and closes that connection, whatever
 * happens: `unlock` runs the dialect's release and says whether the lock was still held (false:
 * something had freed it, a warning). A failed release only warns — closing the connection frees
 * a session lock anyway. `holder` names what held it in the warning (`session`, `connection`).
 */
export async function releaseLock(
  connection: Driver,
  name: string,
  unlock: () => Promise<boolean>,
  onWarning: (message: string) => void,
  holder = "session",
): Promise<void> {
  try {
    if (!(await unlock()))
      onWarning(`the migration lock "${name}" was no longer held by this ${holder} when pormg released it`);
  } catch (error) {
    onWarning(
      `could not release the migration lock "${name}" (${(error as Error).message ?? String(error)}); ` +
        "closing its connection frees it",
    );
  } finally {
    await connection.close().catch(() => {});
  }
}
