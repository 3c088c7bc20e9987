import type { ExecuteOptions } from "../apply/execute-plan.ts";
import type { Config } from "../config/config.ts";
import type { MigrateOptions } from "./migrate-types.ts";

/**
 * The options the executor takes from the configuration and the flags: the timeouts, the managed
 * schema and the connection's `extensions:` (a dialect without them ignores them).
 */
export function executeOptionsOf(config: Config, options: MigrateOptions): ExecuteOptions {
  const lockTimeoutSeconds = options.lockTimeoutSeconds ?? config.settings.lockTimeoutSeconds;
  const statementTimeoutSeconds = options.statementTimeoutSeconds ?? config.settings.statementTimeoutSeconds;
  const lockRetries = options.lockRetries ?? config.settings.lockRetries;
  return {
    ...(lockTimeoutSeconds !== undefined && { lockTimeoutSeconds }),
    ...(lockRetries !== undefined && { lockRetries }),
    ...(statementTimeoutSeconds !== undefined && { statementTimeoutSeconds }),
    schema: config.schema,
    extensions: config.extensions,
  };
}
