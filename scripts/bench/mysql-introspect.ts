/**
 * The `mysql-introspect` case: `dist/pormg schema --from db` (introspection alone) and `dist/pormg
 * check` (after `import-models`) on MariaDB / MySQL databases of 50 / 500 tables of
 * `mysqlBenchDdl` (`--quick`: 50 / 200) vs `mysqldump --no-data` of the same database, every size
 * interleaved in one run. Each size lives in a scratch database `bench_mysql_<n>_<pid>`, dropped
 * afterwards. The server comes from PORMG_TEST_MYSQL_URL (default mysql://root@127.0.0.1:3306/test).
 * No budget in the issue: the ratio is reported.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cliArgs, MYSQL_URL, mysqlBenchDdl, mysqlCli } from "./mysql-schema.ts";
import { binary, type Command, header, must, quick, type Timing, timeRuns, wallRow } from "./timing.ts";

/** `url` with its database replaced by `database`. */
function onDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** The dump program: `mysqldump` (MySQL's name, which MariaDB also installs) or `mariadb-dump`. */
function dumpProgram(): string {
  return Bun.which("mysqldump") ?? Bun.which("mariadb-dump") ?? "mysqldump";
}

export function benchMysqlIntrospect(flags: readonly string[]): void {
  const sizes = quick(flags) ? [50, 200] : [50, 500];
  const base = mkdtempSync(join(tmpdir(), "pormg-bench-mysql-"));
  const databases = sizes.map((n) => `bench_mysql_${n}_${process.pid}`);
  try {
    const folders = sizes.map((tables, i) => {
      const started = performance.now();
      const name = databases[i] as string;
      mysqlCli(`DROP DATABASE IF EXISTS \`${name}\`; CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4;`);
      mysqlCli(mysqlBenchDdl(tables), onDatabase(MYSQL_URL, name));
      const db = join(base, `mysql-${tables}`);
      mkdirSync(db);
      writeFileSync(join(db, "connection.yml"), `dev:\n  adapter: MySQL\n  url: ${onDatabase(MYSQL_URL, name)}\n`);
      must([binary(), "import-models", "--db", db, "--non-interactive"]);
      console.error(
        `  [mysql-introspect] ${tables} tables ready in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      return db;
    });
    const commands: Command[] = folders.flatMap((folder, i) => [
      { argv: [binary(), "schema", "--from", "db", "--db", folder, "--non-interactive"] },
      { argv: [binary(), "check", "--db", folder, "--non-interactive"] },
      { argv: [dumpProgram(), "--no-data", ...cliArgs(onDatabase(MYSQL_URL, databases[i] as string))] },
    ]);
    const timings = timeRuns(commands, quick(flags) ? { runs: 3, warmup: 1 } : { runs: 10 }) as Timing[];
    header("mysql-introspect: MariaDB/MySQL `pormg schema --from db` and `check` vs `mysqldump --no-data` (medians)");
    sizes.forEach((tables, i) => {
      const dump = timings[3 * i + 2] as Timing;
      wallRow(`schema --from db, ${tables} tables`, timings[3 * i] as Timing, dump, "mysqldump", undefined);
      wallRow(`check, ${tables} tables`, timings[3 * i + 1] as Timing, dump, "mysqldump", undefined);
    });
  } finally {
    mysqlCli(databases.map((d) => `DROP DATABASE IF EXISTS \`${d}\`;`).join("\n"));
    rmSync(base, { recursive: true, force: true });
  }
}
