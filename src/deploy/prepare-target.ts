import type { Config } from "../config/config.ts";
import { isPormgError, type PormgError } from "../core/errors.ts";
import { createDatabase } from "./create-database.ts";
import { waitForServer } from "./wait-for-server.ts";

/** PrepareOptions are `migrate`'s deploy flags. */
export interface PrepareOptions {
  /** `--wait SECONDS`: how long to wait for the server to accept connections. Default 0 (one try). */
  readonly waitSeconds?: number;
  /** `--create-database`: create a missing PostgreSQL database or SQLite file first. */
  readonly createDatabase?: boolean;
  readonly onNotice?: (message: string) => void;
}

/**
 * Gets a deploy target ready before `migrate` touches it: waits for its server (`--wait`), then
 * creates its database when it is missing (`--create-database`). Each step is skipped when not asked.
 * Returns the PormgError that stopped it (the server never accepted, the database could not be
 * created), for `migrate` to report as its refusal; other errors throw.
 */
export async function prepareTarget(config: Config, options: PrepareOptions): Promise<PormgError | undefined> {
  try {
    await waitForServer(config, options.waitSeconds ?? 0, { ...(options.onNotice && { onNotice: options.onNotice }) });
    if (options.createDatabase) await createDatabase(config, options.onNotice);
    return undefined;
  } catch (error) {
    if (isPormgError(error)) return error;
    throw error;
  }
}
