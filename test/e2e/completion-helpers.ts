import { expect } from "bun:test";
import { spawnSync } from "node:child_process";
import { appendFileSync, chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pormg, ROOT, type Run, tempDir } from "../lib/cli.ts";

/** A project the completion tests complete in: a real folder, plans and scripts. */
export interface CompletionProject {
  readonly dir: string;
  /** PATH with a `pormg` wrapper (the source under Bun) first, and HOME: for the shells. */
  readonly env: Record<string, string>;
  /** The versions makemigrations wrote: the first applied and archived, the second pending. */
  readonly versions: readonly string[];
  /** The generated script of each shell, by shell name. */
  readonly scripts: Readonly<Record<string, string>>;
  cli(args: readonly string[]): Run;
}

/** The environments of the project's connection.yml: the template's and one added to it. */
export const ENVS = ["dev", "prod", "staging_eu", "test"];

/** Fails naming the package when a shell the test runs is not installed. */
export function needShell(shell: string): void {
  const found = spawnSync("sh", ["-c", `command -v ${shell}`], { encoding: "utf8" });
  if (found.status !== 0)
    throw new Error(`${shell} is not installed: apt-get install -y ${shell} (.ci/run installs it when missing)`);
}

/**
 * Makes a project with `pormg setup --db mydb` (plus an environment `staging_eu` the template does
 * not have, so the names must come from the file), a plan `first` made and migrated on SQLite (so
 * archived), a pending data plan `second`, and the three scripts as `pormg completion SHELL` prints them.
 */
export function completionProject(): CompletionProject {
  const dir = tempDir("pormg-completion-");
  const cli = (args: readonly string[]) => pormg(args, { cwd: dir });
  mkdirSync(join(dir, "bin"));
  const wrapper = join(dir, "bin", "pormg");
  writeFileSync(wrapper, `#!/bin/sh\nexec '${process.execPath}' '${join(ROOT, "cmd", "pormg.ts")}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  expect(cli(["setup", "--db", "mydb"]).code).toBe(0);
  appendFileSync(join(dir, "mydb", "connection.yml"), "\nstaging_eu:\n  adapter: SQLite\n  database: staging.sqlite\n");
  writeFileSync(
    join(dir, "mydb", "models.ts"),
    'import { Models } from "pormg";\nexport const Circuit = Models.Model({ circuitId: Models.IDField(), name: Models.CharField({ maxLength: 40 }) });\n',
  );
  const versions: string[] = [];
  for (const [args, migrate] of [
    [["--name", "first"], true],
    [["--name", "second", "--empty"], false],
  ] as const) {
    const made = cli(["makemigrations", "--db", "mydb", "--json", ...args]);
    expect(made.code).toBe(0);
    versions.push(String(JSON.parse(made.stdout).version));
    if (migrate) expect(cli(["migrate", "--db", "mydb"]).code).toBe(0);
  }
  const scripts: Record<string, string> = {};
  for (const shell of ["bash", "zsh", "fish"]) {
    const r = cli(["completion", shell]);
    expect({ shell, code: r.code, stderr: r.stderr }).toEqual({ shell, code: 0, stderr: "" });
    scripts[shell] = join(dir, `pormg.${shell}`);
    writeFileSync(scripts[shell], r.stdout);
  }
  return { dir, env: { PATH: `${join(dir, "bin")}:${process.env.PATH ?? ""}`, HOME: dir }, versions, scripts, cli };
}
