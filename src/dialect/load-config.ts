import type { Config } from "../config/config.ts";
import { type LoadConfigOptions, loadConfigWith } from "../config/load-config.ts";
import { dialects } from "./dialect.ts";

/**
 * Loads `<folder>/connection.yml` and resolves one environment into a Config, any registered
 * dialect answering its `adapter:` or URL scheme (see `loadConfigWith`). Throws `CONFIG_MISSING`
 * or `CONFIG_INVALID` (exit 78) naming the file, the line, the key and the fix.
 */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  return loadConfigWith(dialects(), options);
}
