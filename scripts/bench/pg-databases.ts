/**
 * Scratch PostgreSQL databases for the benchmarks that need a fresh, identical database per timed
 * run: templates (`bench_tpl_…`) built once, and run databases (`bench_run_…`) copied from them with
 * `CREATE DATABASE … TEMPLATE` before a run and dropped after it (both untimed). Every name starts
 * with `bench_` and carries this process's id, so parallel benches do not collide.
 */
import { spawnSync } from "node:child_process";
import { PG_URL, withDatabase } from "./pg-schema.ts";

/** Runs SQL statements on the server's maintenance connection (PG_URL), one by one. */
export function admin(...statements: string[]): void {
  const args = [PG_URL, "-qX", "-v", "ON_ERROR_STOP=1", ...statements.flatMap((s) => ["-c", s])];
  const result = spawnSync("psql", args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
}

const created = new Set<string>();

/** Creates database `name` (dropped first), optionally as a copy of `template`; returns its URL. */
export function createDatabase(name: string, template?: string): string {
  if (!name.startsWith("bench_")) throw new Error(`benchmark databases start with bench_: ${name}`);
  admin(`DROP DATABASE IF EXISTS "${name}"`, `CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
  created.add(name);
  return withDatabase(PG_URL, name);
}

export function dropDatabase(name: string): void {
  admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  created.delete(name);
}

/** Drops every database this process created and has not dropped yet. */
export function dropAll(): void {
  for (const name of [...created]) dropDatabase(name);
}

export const tag = (kind: string) => `bench_${kind}_${process.pid}`;
