/**
 * `pormg completion zsh` in a real interactive zsh: zsh runs inside tmux with compinit and the
 * generated script sourced; a line is typed, Tab pressed, and the screen must show what the
 * completion system offered (commands, choices, connection.yml's environments, plan versions and
 * a version's plan name). zsh's completion only runs at a terminal, hence tmux.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { type CompletionProject, completionProject, needShell } from "./completion-helpers.ts";

const SOCKET = `pormg-zsh-${process.pid}`;
let project: CompletionProject;
let sessions = 0;

function tmux(...args: string[]): string {
  const r = spawnSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8", timeout: 10_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`tmux ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fresh zsh (no rc files) with the script loaded; types `line`, presses Tab `tabs` times, returns the screen once `expected` shows. */
async function complete(line: string, expected: RegExp, tabs = 1): Promise<string> {
  const name = `z${++sessions}`;
  const { PATH, HOME } = project.env;
  tmux(
    "new-session",
    "-d",
    "-s",
    name,
    "-x",
    "160",
    "-y",
    "30",
    "-c",
    project.dir,
    `env -i PATH='${PATH}' HOME='${HOME}' TERM=xterm zsh -f`,
  );
  const ready = "READY-FOR-TAB";
  tmux(
    "send-keys",
    "-t",
    name,
    "-l",
    `autoload -U compinit && compinit -u && source '${project.scripts.zsh}'; clear; echo ${ready}`,
  );
  tmux("send-keys", "-t", name, "Enter");
  let screen = "";
  for (let i = 0; i < 100; i++) {
    screen = tmux("capture-pane", "-p", "-t", name);
    if (screen.includes(`\n${ready}`)) break;
    await sleep(100);
  }
  tmux("send-keys", "-t", name, "-l", line);
  for (let t = 0; t < tabs; t++) {
    await sleep(300);
    tmux("send-keys", "-t", name, "Tab");
  }
  for (let i = 0; i < 150; i++) {
    screen = tmux("capture-pane", "-p", "-t", name);
    if (expected.test(screen)) break;
    await sleep(100);
  }
  tmux("kill-session", "-t", name);
  return screen;
}

beforeAll(() => {
  needShell("zsh");
  needShell("tmux");
  project = completionProject();
  // A session that outlives the others, so the server does not exit between two of them.
  tmux("new-session", "-d", "-s", "keeper", "sleep 600");
}, 120_000);

afterAll(() => {
  spawnSync("tmux", ["-L", SOCKET, "kill-server"]);
});

describe("pormg completion zsh: in an interactive zsh", () => {
  test("completes a command, then a flag's choices", async () => {
    // tmux drops trailing blanks: the space zsh adds after the word does not show.
    expect(await complete("pormg mi", /pormg migrate$/m)).toMatch(/^\S*# pormg migrate$/m);
    const choices = await complete("pormg schema --format ", /json\s+sql/);
    expect(choices).toMatch(/json\s+sql/);
  }, 60_000);

  test("--env lists the environments of the --db folder's connection.yml, with their adapters", async () => {
    const screen = await complete("pormg migrate --db mydb --env ", /staging_eu/);
    const described = (adapter: string) =>
      (screen.split("\n").find((l) => l.endsWith(`-- ${adapter}`)) ?? "").split(/\s+/).slice(0, -2).sort();
    expect(described("SQLite")).toEqual(["dev", "staging_eu"]);
    expect(described("PostgreSQL")).toEqual(["prod", "test"]);
  }, 60_000);

  test("repair commands list the plan versions with their names, then complete a version's name", async () => {
    const [first, second] = project.versions as [string, string];
    const versions = await complete("pormg remove --db mydb ", new RegExp(second), 2);
    expect(versions).toContain(`${first}  -- first`);
    expect(versions).toContain(`${second}  -- second`);
    const name = await complete(`pormg mark-applied --db=mydb ${first} `, /first\s*$/m);
    expect(name).toContain(`pormg mark-applied --db=mydb ${first} first`);
  }, 60_000);
});
