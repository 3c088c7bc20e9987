/**
 * The floor of the `migrate` case: what dbmate does for one migration, done by a compiled Bun
 * program with the PostgreSQL client pormg uses (`postgres`, porsager), on dbmate's own
 * `schema_migrations` table of the plain template — connect, create the table if missing, read the
 * applied versions, then in one transaction run the migration's SQL and record its version. No history log, no lock, no checks, no drift check: the share of
 * `pormg migrate`'s time that the runtime and the client alone take, beside dbmate's (Go).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dir, "..", "..");

/** The floor program's source: `floor <url> <sql file>`. */
const SOURCE = `
import { readFileSync } from "node:fs";
import postgres from "postgres";
const [url, file] = process.argv.slice(2);
const VERSION = "20260101000001";
const sql = postgres(url, { max: 1, onnotice: () => {} });
await sql.unsafe("CREATE TABLE IF NOT EXISTS schema_migrations (version varchar(128) PRIMARY KEY)");
const applied = await sql.unsafe("SELECT version FROM schema_migrations ORDER BY version");
if (!applied.some((r) => r.version === VERSION)) {
  await sql.begin(async (tx) => {
    await tx.unsafe(readFileSync(file, "utf8")).simple();
    await tx.unsafe("INSERT INTO schema_migrations (version) VALUES ($1)", [VERSION]);
  });
}
await sql.end({ timeout: 5 });
`;

let built: string | undefined;

/**
 * The floor program, compiled once per bench run. Its source sits in `node_modules/.cache` of this
 * checkout, so `postgres` resolves to the client pormg is built with.
 */
export function floorBinary(): string {
  if (built) return built;
  const cache = join(root, "node_modules", ".cache", "pormg-bench");
  mkdirSync(cache, { recursive: true });
  const entry = join(cache, "migrate-floor.ts");
  writeFileSync(entry, SOURCE);
  const out = join(mkdtempSync(join(tmpdir(), "pormg-bench-floor-")), "floor");
  const result = spawnSync(
    process.execPath,
    ["build", "--compile", "--bytecode", "--format=esm", entry, "--outfile", out],
    {
      encoding: "utf8",
    },
  );
  if (result.status !== 0) throw new Error(`bun build --compile of the migrate floor failed: ${result.stderr}`);
  built = out;
  return out;
}
