/**
 * The terminal the dashboard needs, and giving it back: the checks that refuse to start (native
 * Windows, no TTY, too small), and the alternate screen that is always left again — on quit, on
 * an error, on Ctrl-C and on signals.
 */
import process from "node:process";
import { PormgError } from "../core/errors.ts";

/** The smallest terminal the dashboard lays out in. */
export const MIN_COLUMNS = 80;
/** The smallest terminal the dashboard lays out in. */
export const MIN_ROWS = 24;

/** TerminalFacts are what decides whether the dashboard can start. */
export interface TerminalFacts {
  readonly platform: string;
  readonly stdinIsTTY: boolean;
  readonly stdoutIsTTY: boolean;
  readonly columns: number;
  readonly rows: number;
}

/** Why the dashboard cannot run in this terminal, or `undefined` when it can. Pure. */
export function terminalProblem(t: TerminalFacts): string | undefined {
  if (t.platform === "win32")
    return (
      "pormg tui is not supported on native Windows yet. Run it inside WSL, or use the plain commands " +
      "(pormg status, dry-run, migrate, history, inspect), which work everywhere."
    );
  if (!t.stdinIsTTY || !t.stdoutIsTTY)
    return (
      "pormg tui needs an interactive terminal, but " +
      `${!t.stdinIsTTY ? "stdin" : "stdout"} is not a TTY. In scripts and pipes use the plain commands ` +
      "(pormg status, dry-run, migrate --non-interactive, history, inspect --json)."
    );
  if (t.columns < MIN_COLUMNS || t.rows < MIN_ROWS)
    return (
      `pormg tui needs a terminal of at least ${MIN_COLUMNS}x${MIN_ROWS}, but this one is ${t.columns}x${t.rows}. ` +
      "Enlarge the window (or lower the font size) and run it again."
    );
  return undefined;
}

/** The facts of this process's terminal. */
export function currentTerminal(
  stdin: { isTTY?: boolean } = process.stdin,
  stdout: { isTTY?: boolean; columns?: number; rows?: number } = process.stdout,
): TerminalFacts {
  return {
    platform: process.platform,
    stdinIsTTY: stdin.isTTY === true,
    stdoutIsTTY: stdout.isTTY === true,
    columns: stdout.columns ?? 0,
    rows: stdout.rows ?? 0,
  };
}

/** Throws USAGE (exit 64) when the dashboard cannot run in this process's terminal. */
export function assertTerminal(facts: TerminalFacts = currentTerminal()): void {
  const problem = terminalProblem(facts);
  if (problem) throw new PormgError("USAGE", problem, { ...facts });
}

const ENTER_ALTERNATE = "\x1b[?1049h\x1b[2J\x1b[H";
const LEAVE_ALTERNATE = "\x1b[?25h\x1b[?1049l";

/**
 * Switches to the alternate screen and returns the function that switches back (idempotent; it
 * shows the cursor again). Until it is called, process exit and SIGINT/SIGTERM/SIGHUP restore the
 * terminal too; a signal then ends the process with 128 + the signal's number.
 */
export function enterAlternateScreen(stdout: NodeJS.WriteStream = process.stdout): () => void {
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    stdout.write(LEAVE_ALTERNATE);
    process.off("exit", restore);
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
  const handlers = (
    [
      ["SIGINT", 2],
      ["SIGTERM", 15],
      ["SIGHUP", 1],
    ] as const
  ).map(([signal, number]) => {
    const handler = () => {
      restore();
      process.exit(128 + number);
    };
    return [signal, handler] as const;
  });
  process.on("exit", restore);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  stdout.write(ENTER_ALTERNATE);
  return restore;
}
