/**
 * The `dbmate` reference of the `migrate` case. It is not a devDependency (the registry lacks its
 * darwin packages, so `npm ci` would break there): on first use it is installed with
 * `npm install --no-save --prefix <os.tmpdir()>/pormg-bench-dbmate dbmate` and its native binary
 * (`node_modules/@dbmate/<platform>-<arch>/bin/dbmate`, not the Node wrapper) is run directly.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CACHE = join(tmpdir(), "pormg-bench-dbmate");

function find(): string | undefined {
  const scope = join(CACHE, "node_modules", "@dbmate");
  if (!existsSync(scope)) return undefined;
  for (const pkg of readdirSync(scope)) {
    const bin = join(scope, pkg, "bin", "dbmate");
    if (existsSync(bin)) return bin;
  }
  return undefined;
}

/** The dbmate binary, installed into the cache folder when it is not there yet. */
export function dbmateBinary(): string {
  const found = find();
  if (found) return found;
  console.error(`  [migrate] installing dbmate into ${CACHE}`);
  const npm = spawnSync("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", CACHE, "dbmate"], {
    encoding: "utf8",
  });
  if (npm.status !== 0) throw new Error(`npm install dbmate failed: ${npm.stderr}`);
  const bin = find();
  if (!bin) throw new Error(`npm installed dbmate but no binary is under ${CACHE}/node_modules/@dbmate`);
  return bin;
}

/** A URL dbmate accepts for a local server without TLS. */
export function dbmateUrl(url: string): string {
  const u = new URL(url);
  if (!u.searchParams.has("sslmode")) u.searchParams.set("sslmode", "disable");
  return u.toString();
}
