import type { Config } from "../config/config.ts";
import type { LoadConfigOptions } from "../config/load-config.ts";
import { loadConfig } from "../dialect/load-config.ts";

/** A database folder (`"db"`), or a Config from `loadConfig`: what the library and the dashboard take. */
export type Database = string | Config;

/** Options that select the environment and target when a folder is given. */
export type TargetOptions = Omit<LoadConfigOptions, "folder">;

/** The Config of `db`: a folder's `connection.yml` loaded (with `options`), or the Config itself. */
export function configOf(db: Database, options: TargetOptions = {}): Config {
  return typeof db === "string" ? loadConfig({ ...options, folder: db }) : db;
}
