/**
 * The project side of the `online` benchmark: the two model versions, a scratch pormg folder per
 * run on its own PostgreSQL schema, the real CLI run as a separate process (without blocking, so
 * the writers keep running in this process), and what the CLI supports.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dir, "../..");
const cli = [process.execPath, join(root, "cmd", "pormg.ts")];

/** v1: the tables as they are in production (qty nullable but never null, account_id a plain bigint). */
const MODELS_V1 = `import { Models } from "pormg";
export const Account = Models.Model({ id: Models.IDField(), name: Models.CharField({ maxLength: 50 }) });
export const Item = Models.Model({
  id: Models.IDField(),
  account_id: Models.BigIntegerField(),
  qty: Models.IntegerField({ null: true }),
  note: Models.CharField({ maxLength: 50 }),
});
`;

/** v2: an index, a foreign key on the existing account_id, SET NOT NULL on qty and a CHECK. */
const MODELS_V2 = `import { Models } from "pormg";
export const Account = Models.Model({ id: Models.IDField(), name: Models.CharField({ maxLength: 50 }) });
export const Item = Models.Model(
  {
    id: Models.IDField(),
    account_id: Models.ForeignKey(Account, { onDelete: "CASCADE", dbColumn: "account_id" }),
    qty: Models.IntegerField(),
    note: Models.CharField({ maxLength: 50 }),
  },
  {
    indexes: [Models.Index({ fields: ["note"], name: "item_note_idx" })],
    constraints: [Models.CheckConstraint({ condition: "qty >= 0", name: "item_qty_nonnegative" })],
  },
);
`;

/** What the CLI on this checkout supports (read from `--help`). */
export interface Capabilities {
  /** makemigrations --no-online (issue 14 item 2: online variants on by default). */
  readonly online: boolean;
  /** migrate --lock-retries (issue 14 item 1: lock_timeout 3 s by default, retried). */
  readonly lockRetries: boolean;
  /** migrate --lock-timeout (a plain lock_timeout, no default, on main before item 1). */
  readonly lockTimeout: boolean;
}

export function capabilities(): Capabilities {
  const help = (command: string) =>
    spawnSync(cli[0] as string, [...cli.slice(1), command, "--help"], { encoding: "utf8" }).stdout ?? "";
  const make = help("makemigrations");
  const migrate = help("migrate");
  return {
    online: make.includes("--no-online"),
    lockRetries: migrate.includes("--lock-retries"),
    lockTimeout: migrate.includes("--lock-timeout"),
  };
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** A pormg folder on a fresh schema of the database at `url`. */
export class Project {
  readonly folder: string;

  constructor(
    readonly url: string,
    readonly schema: string,
  ) {
    const dir = mkdtempSync(join(tmpdir(), "pormg-bench-online-"));
    this.folder = join(dir, "db");
    mkdirSync(this.folder);
    writeFileSync(
      join(this.folder, "connection.yml"),
      `dev:\n  adapter: PostgreSQL\n  url: ${url}\n  schema: ${schema}\n  config:\n    change_db: true\n`,
    );
  }

  modelsV1(): void {
    writeFileSync(join(this.folder, "models.ts"), MODELS_V1);
  }

  modelsV2(): void {
    writeFileSync(join(this.folder, "models.ts"), MODELS_V2);
  }

  /** Runs `pormg <args> --db <folder>` as a separate process without blocking this one. */
  async pormg(args: readonly string[]): Promise<CliRun> {
    const start = performance.now();
    const child = Bun.spawn([...cli, ...args, "--db", this.folder, "--non-interactive"], {
      cwd: resolve(this.folder, ".."),
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NO_COLOR: "1" },
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    const [stdout, stderr, code] = await Promise.all([
      new Response(child.stdout).text(),
      new Response(child.stderr).text(),
      child.exited,
    ]);
    return { code, stdout, stderr, ms: performance.now() - start };
  }

  /** As `pormg`, throwing with the CLI's output when it does not exit 0. */
  async must(args: readonly string[]): Promise<CliRun> {
    const r = await this.pormg(args);
    if (r.code !== 0) throw new Error(`pormg ${args.join(" ")} exited ${r.code}:\n${r.stdout}${r.stderr}`);
    return r;
  }
}
