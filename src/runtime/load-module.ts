import { existsSync } from "node:fs";
import process from "node:process";
import { pathToFileURL } from "node:url";
import { PormgError } from "../core/errors.ts";
import { describeLoadFailure } from "./load-failure.ts";
import { importFile, provideModule } from "./runtime.ts";

/** Modules a user's file may import by name, offered by the entry points. */
const offered = new Map<string, () => Promise<Record<string, unknown>>>();
/** The provision of each offered module, started by the first load (overlapping loads wait for it). */
const provided = new Map<string, Promise<void>>();

/**
 * Offers the module `name` to the user's files: before the next file loads, `import … from name`
 * is made to resolve to what `load` returns (see `provideModule`). The library (`mod.ts`) and the
 * CLI offer pormg itself this way (`src/api/pormg-module.ts`); `load` runs once, when a file loads.
 */
export function offerModule(name: string, load: () => Promise<Record<string, unknown>>): void {
  offered.set(name, load);
}

/** Provides every offered module (once each) before a user's file loads. */
async function provideOffered(): Promise<void> {
  for (const [name, load] of offered) {
    if (!provided.has(name))
      provided.set(
        name,
        load().then((exports) => provideModule(name, exports)),
      );
    await provided.get(name);
  }
}

/** How long a user's file may take to load, in seconds, unless `PORMG_MODELS_TIMEOUT` says otherwise. */
export const DEFAULT_LOAD_TIMEOUT_SECONDS = 30;

function loadTimeoutMs(): number {
  const fromEnv = Number(process.env.PORMG_MODELS_TIMEOUT);
  return (Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_LOAD_TIMEOUT_SECONDS) * 1000;
}

/** Thrown by the stand-in `process.exit` while a user's file loads. */
class ExitAttempt extends Error {
  constructor(readonly exitCode: unknown) {
    super(`it called process.exit(${exitCode === undefined ? "" : String(exitCode)})`);
  }
}

/** Thrown when a user's file does not finish loading in time. */
class LoadTimeout extends Error {}

/** The originals the guard replaced, while at least one load is under way (loads may overlap: `--targets`). */
let guarded: { depth: number; restore: () => void } | undefined;

/**
 * Guards the process against the file it loads, until the returned function is called:
 * `process.exit` throws instead of ending the process (a models file cannot end pormg or choose
 * its exit code), and `console.log`, `console.info`, `console.debug` and `process.stdout.write` go
 * to stderr (a models file cannot corrupt `--json` output). Overlapping loads share one guard: the
 * originals come back when the last of them ends, never a stand-in saved by another load.
 */
function guardProcess(): () => void {
  if (guarded) guarded.depth++;
  else guarded = { depth: 1, restore: patchProcess() };
  let done = false;
  return () => {
    if (done || !guarded) return;
    done = true;
    if (--guarded.depth === 0) {
      guarded.restore();
      guarded = undefined;
    }
  };
}

function patchProcess(): () => void {
  const saved = {
    exit: process.exit,
    log: console.log,
    info: console.info,
    debug: console.debug,
    write: process.stdout.write,
  };
  process.exit = ((code?: unknown) => {
    throw new ExitAttempt(code);
  }) as typeof process.exit;
  const toStderr = (...args: unknown[]) => console.error(...args);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  return () => {
    process.exit = saved.exit;
    console.log = saved.log;
    console.info = saved.info;
    console.debug = saved.debug;
    process.stdout.write = saved.write;
  };
}

/**
 * Imports a user's TypeScript file (such as `models.ts`) and returns its exports: the one place a
 * user's file loads. Every offered module is provided first, so inside the CLI, the library and
 * the compiled binary `import … from "pormg"` in that file resolves to the running pormg (see
 * `offerModule` and `provideModule` in `src/runtime/runtime.ts`). A file that is missing, fails to evaluate,
 * calls `process.exit`, or does not finish loading within 30 s (`PORMG_MODELS_TIMEOUT` seconds;
 * a top-level `await` that never settles) is a `MODEL_INVALID` error (exit 78) naming the file and
 * the reason: each syntax error as `file:line:column: message`, or the exception and the line of
 * the file that threw it (`describeLoadFailure`). While it loads, its console output goes to stderr.
 */
export async function importModule(file: string, shown = file): Promise<Record<string, unknown>> {
  if (!existsSync(file))
    throw new PormgError(
      "MODEL_INVALID",
      `${shown} does not exist; create it or set config.model_file in connection.yml`,
      {
        file,
      },
    );
  await provideOffered();
  const timeoutMs = loadTimeoutMs();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LoadTimeout()), timeoutMs);
  });
  const restore = guardProcess();
  try {
    const loaded = importFile(pathToFileURL(file).href);
    return { ...(await Promise.race([loaded, timedOut])) };
  } catch (error) {
    if (error instanceof LoadTimeout)
      throw new PormgError(
        "MODEL_INVALID",
        `${shown} did not finish loading within ${timeoutMs / 1000} s (a top-level await that never settles?). ` +
          "A models file must only declare models; set PORMG_MODELS_TIMEOUT (seconds) if it really needs longer.",
        { file, timeoutSeconds: timeoutMs / 1000 },
      );
    const hint =
      error instanceof ExitAttempt ? "; a models file must only declare models, it cannot end the process" : "";
    const { message, details } = describeLoadFailure(error, file, shown, hint);
    throw new PormgError("MODEL_INVALID", message, details, { cause: error });
  } finally {
    clearTimeout(timer);
    restore();
  }
}
