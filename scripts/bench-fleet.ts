/**
 * The `fleet` benchmark of scripts/bench.ts: one three-plan release (applied on a dev database,
 * so it sits in the archive) migrated onto 50 fresh PostgreSQL databases by one
 * `pormg migrate --targets` process at --parallel 1, 4 and 8, next to the sum of 50 single-database
 * `pormg migrate --url` runs (one process each, as a deploy loop would run them). Every run must
 * leave every database applied; the databases are recreated before each run.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { connect } from "../src/dialect/connect.ts";

const root = resolve(import.meta.dir, "..");
const DATABASES = 50;
const PREFIX = `pormg_bench_fleet_${process.pid}`;

/** The three model versions of the release: a table, a second table with a foreign key, a new column. */
const MODELS = [
  `export const Author = Models.Model({ id: Models.IDField(), name: Models.CharField({ maxLength: 100 }) });`,
  `export const Book = Models.Model({ id: Models.IDField(), title: Models.CharField({ maxLength: 200 }), author: Models.ForeignKey(Author) });`,
  `export const Review = Models.Model({ id: Models.IDField(), book: Models.ForeignKey(Book), stars: Models.IntegerField({ default: 0 }) });`,
];

function urlOf(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The command that runs pormg: the compiled binary when built, else the source under Bun. */
function pormgCommand(): { argv: string[]; what: string } {
  const binary = join(root, "dist", "pormg");
  return existsSync(binary)
    ? { argv: [binary], what: "dist/pormg" }
    : {
        argv: [process.execPath, join(root, "cmd", "pormg.ts")],
        what: "bun cmd/pormg.ts (run `npm run build` for the binary)",
      };
}

export async function benchFleet(pgUrl: string): Promise<void> {
  const { argv, what } = pormgCommand();
  const dir = mkdtempSync(join(tmpdir(), "pormg-bench-fleet-"));
  const folder = join(dir, "db");
  mkdirSync(folder);
  const names = Array.from({ length: DATABASES }, (_, i) => `${PREFIX}_${String(i + 1).padStart(2, "0")}`);
  const dev = `${PREFIX}_dev`;
  const admin = await connect({ dialect: "postgresql", url: pgUrl });
  const recreate = async (list: readonly string[]) => {
    for (const name of list) {
      await admin.execute(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.execute(`CREATE DATABASE "${name}"`);
    }
  };
  const pormg = (args: string[]) => {
    const r = spawnSync(argv[0] as string, [...argv.slice(1), ...args, "--db", folder], { cwd: dir, encoding: "utf8" });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  try {
    await recreate([dev]);
    writeFileSync(
      join(folder, "connection.yml"),
      `dev:\n  adapter: PostgreSQL\n  url: ${urlOf(pgUrl, dev)}\n  config:\n    change_db: true\n`,
    );
    // The release: three plans, each made and applied on dev (and so archived).
    for (let v = 1; v <= MODELS.length; v++) {
      writeFileSync(join(folder, "models.ts"), `import { Models } from "pormg";\n${MODELS.slice(0, v).join("\n")}\n`);
      for (const args of [["makemigrations", "--name", `release_${v}`], ["migrate"]]) {
        const r = pormg(args);
        if (r.code !== 0) throw new Error(`pormg ${args.join(" ")} failed (${r.code}): ${r.stderr}`);
      }
    }
    writeFileSync(join(dir, "targets.txt"), `${names.map((n) => urlOf(pgUrl, n)).join("\n")}\n`);

    // The reference: one process per database, one after the other.
    await recreate(names);
    let sum = 0;
    for (const name of names) {
      const start = performance.now();
      const r = pormg(["migrate", "--url", urlOf(pgUrl, name), "--json"]);
      sum += performance.now() - start;
      const applied = r.code === 0 ? (JSON.parse(r.stdout).applied as unknown[]).length : -1;
      if (applied !== MODELS.length)
        throw new Error(`migrate --url ${name}: exit ${r.code}, ${applied} plans: ${r.stderr}`);
    }
    console.log(
      `fleet (${DATABASES} PostgreSQL databases, ${MODELS.length}-plan release, ${what})\n` +
        `${"single runs".padEnd(22)} sum of ${DATABASES} \`migrate --url\` processes ${(sum / 1000).toFixed(2).padStart(7)} s ` +
        `(${(sum / DATABASES).toFixed(0)} ms per database)`,
    );
    for (const parallel of [1, 4, 8]) {
      await recreate(names);
      const start = performance.now();
      const r = pormg(["migrate", "--targets", join(dir, "targets.txt"), "--parallel", String(parallel), "--json"]);
      const wall = performance.now() - start;
      if (r.code !== 0)
        throw new Error(`migrate --targets --parallel ${parallel} exited ${r.code}: ${r.stderr.slice(-2000)}`);
      const targets = JSON.parse(r.stdout).targets as { outcome: string; plansApplied: number }[];
      const bad = targets.filter((t) => t.outcome !== "applied" || t.plansApplied !== MODELS.length);
      if (targets.length !== DATABASES || bad.length > 0)
        throw new Error(`--parallel ${parallel}: ${JSON.stringify(bad[0])}`);
      console.log(
        `${`--targets --parallel ${parallel}`.padEnd(22)} wall ${(wall / 1000).toFixed(2).padStart(7)} s   ` +
          `sum of single runs ${(sum / 1000).toFixed(2)} s   ratio ${(wall / sum).toFixed(2)}×   ` +
          `(${(wall / DATABASES).toFixed(0)} ms per database)`,
      );
    }
  } finally {
    for (const name of [dev, ...names]) await admin.execute(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
