/**
 * `tui(folder, { models })`: the full-screen terminal dashboard (`pormg tui`). It refuses to start
 * on native Windows, without a TTY, or in a terminal smaller than 80x24 (USAGE, exit 64); then it
 * runs the Ink app on the alternate screen and always gives the terminal back — on quit, on an
 * error, on Ctrl-C and on SIGINT/SIGTERM/SIGHUP.
 */
import process from "node:process";
import { configOf, type Database, type TargetOptions } from "../use-cases/database.ts";
import { assertTerminal, enterAlternateScreen } from "./terminal.ts";
import type { InspectModels } from "./use-inspect.ts";

/** TuiOptions choose the environment and the models the Inspection pane queries. */
export interface TuiOptions extends TargetOptions {
  /**
   * The models to inspect queries on: a models file, or its loaded exports
   * (`import * as models from "./db_2/models.ts"`). Default: the folder's models file.
   */
  readonly models?: InspectModels;
}

/** TuiResult says how the dashboard was left and what it changed in the database. */
export interface TuiResult {
  /** `quit` (q or Esc) or `interrupt` (Ctrl-C). */
  readonly exit: "quit" | "interrupt";
  /** Every change made to the database during the session (applied plans, history created), in order. */
  readonly changes: readonly string[];
  /**
   * Tasks still running when the person left (only possible with Ctrl-C: q waits for migrate and
   * init). Their outcome is unknown to the dashboard; a caller that must not let a migrate finish
   * after an interrupt ends the process (the CLI does, so an uncommitted plan is rolled back).
   */
  readonly unfinished: readonly string[];
}

/** Runs the dashboard on `db` (a folder or a loaded Config) until the person leaves. */
export async function tui(db: Database, options: TuiOptions = {}): Promise<TuiResult> {
  assertTerminal();
  const config = configOf(db, options);
  const [{ render }, { createElement }, { App }] = await Promise.all([
    import("ink"),
    import("react"),
    import("./app.tsx"),
  ]);
  const changes: string[] = [];
  let exit: TuiResult["exit"] = "quit";
  let unfinished: readonly string[] = [];
  const restore = enterAlternateScreen(process.stdout);
  try {
    const instance = render(
      createElement(App, {
        config,
        ...(options.models !== undefined && { models: options.models }),
        onExit: (kind, running) => {
          exit = kind;
          unfinished = running;
        },
        journal: (text) => changes.push(text),
      }),
      { exitOnCtrlC: false, patchConsole: true },
    );
    await instance.waitUntilExit();
  } finally {
    restore();
  }
  return { exit, changes, unfinished };
}
