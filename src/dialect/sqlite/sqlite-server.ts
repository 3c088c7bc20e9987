import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { SqliteTarget } from "../../config/config.ts";
import type { ServerPart } from "../../driver/server-part.ts";
import { inMemoryOrUri } from "./sqlite-target.ts";

/** SQLite's server part: no server to wait for; `--create-database` creates the file and its folder. */
export const sqliteServer: ServerPart = {
  hasServer: false,
  withConnectTimeout: (target) => target,
  async createDatabase(config, open) {
    const { path } = config.target as SqliteTarget;
    if (inMemoryOrUri(path) || existsSync(path)) return { outcome: "exists" };
    mkdirSync(dirname(path), { recursive: true });
    await (await open(config)).close();
    return { outcome: "created" };
  },
};
