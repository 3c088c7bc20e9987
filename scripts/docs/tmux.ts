/**
 * Screens of `pormg tui` for the docs: the dashboard runs in a detached tmux session of a given
 * size, keys are sent, and the screen (`capture-pane -p`) is read once it is settled — it shows
 * the step's marker text and `idle` (no task running) and has not changed for {@link STABLE_MS}.
 * The same polling approach as the end-to-end tests (test/e2e/tui-helpers.ts).
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import process from "node:process";

/** How long a screen must stay the same to count as settled. */
export const STABLE_MS = 500;
/** The longest one step may take to settle (a busy machine makes Bun's start slow). */
const STEP_TIMEOUT_MS = 30_000;
const SOCKET = `pormg-docs-${process.pid}`;
let sessions = 0;
let socketPath = "";

/** One step of a capture: the keys to send (tmux key names), then the text to wait for. */
export interface TuiStep {
  readonly keys?: readonly string[];
  readonly until: string;
}

function tmux(...args: string[]): string {
  const r = spawnSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8", timeout: 10_000 });
  if (r.error) throw new Error(`tmux is needed for the dashboard examples: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`tmux ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until the screen contains `until` and `idle` and stays unchanged for STABLE_MS. */
async function settle(name: string, until: string, id: string): Promise<string> {
  const end = Date.now() + STEP_TIMEOUT_MS;
  let last = "";
  let since = Date.now();
  while (Date.now() < end) {
    const screen = tmux("capture-pane", "-p", "-t", name);
    if (screen !== last) {
      last = screen;
      since = Date.now();
    } else if (screen.includes(until) && /\bidle\s*$/m.test(screen) && Date.now() - since >= STABLE_MS) return screen;
    await sleep(100);
  }
  throw new Error(
    `example ${id}: the dashboard did not settle on "${until}" within ${STEP_TIMEOUT_MS / 1000} s; the screen was:\n${last}`,
  );
}

/**
 * Runs `command` (argv) in `cwd` in a `columns`x`rows` tmux window with `env`, plays `steps` and
 * returns the last screen, trailing spaces and blank rows removed. The session is always ended.
 */
export async function captureTui(
  id: string,
  command: readonly string[],
  cwd: string,
  size: readonly [number, number],
  env: Readonly<Record<string, string>>,
  steps: readonly TuiStep[],
): Promise<string> {
  const name = `d${++sessions}`;
  const vars = Object.entries({ ...env, TERM: "xterm-256color" }).map(([k, v]) => `${k}=${quote(v)}`);
  // The shell keeps the pane open if pormg exits early, so the error stays on the screen.
  const shell = `env -i ${vars.join(" ")} ${command.map(quote).join(" ")}; echo "EXIT=$?"; sleep 600`;
  tmux("new-session", "-d", "-s", name, "-x", String(size[0]), "-y", String(size[1]), "-c", cwd, shell);
  socketPath ||= tmux("display-message", "-p", "#{socket_path}").trim();
  try {
    let screen = "";
    for (const step of steps) {
      for (const key of step.keys ?? []) {
        tmux("send-keys", "-t", name, key);
        await sleep(120);
      }
      screen = await settle(name, step.until, id);
    }
    return screen
      .split("\n")
      .map((l) => l.trimEnd())
      .join("\n")
      .trimEnd();
  } finally {
    spawnSync("tmux", ["-L", SOCKET, "kill-session", "-t", name]);
  }
}

/** Ends this process's tmux server (after the last capture) and removes its socket. */
export function closeTmux(): void {
  spawnSync("tmux", ["-L", SOCKET, "kill-server"]);
  if (socketPath) rmSync(socketPath, { force: true });
}

const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);
