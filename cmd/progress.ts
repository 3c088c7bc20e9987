import process from "node:process";
import { Worker } from "node:worker_threads";
import type { ProgressSink } from "../src/apply/progress.ts";
import { ELAPSED, progressText } from "./progress-text.ts";

/** How long an activity runs before its progress line shows, in milliseconds. */
export const SHOW_AFTER_MS = 1000;

/** How often the line is redrawn (when its text changed), in milliseconds. */
const REDRAW_MS = 200;

/**
 * A ProgressLine draws the engine's progress as one line on stderr that rewrites itself
 * (`\r` + clear line), shown only once an activity has run {@link SHOW_AFTER_MS}. Other stderr
 * text of the run (notices) goes through `write`, which clears the line first; `stop` clears it
 * for good and must be awaited before the command's output is printed.
 */
export interface ProgressLine {
  readonly sink: ProgressSink;
  write(text: string): void;
  stop(): Promise<void>;
}

/**
 * The drawing runs in a worker thread, with its own timer: a SQLite statement (a table rebuild's
 * row copy, `VACUUM INTO`) blocks the main thread while it runs, and the line must keep counting
 * the seconds meanwhile. The worker is plain JavaScript evaluated as a script (no file to ship
 * beside a compiled binary); it writes with `writeSync(2, …)`.
 */
const WORKER = `
const { parentPort } = require("node:worker_threads");
const { writeSync } = require("node:fs");
let current = null;
let shown = "";
const out = (s) => { try { writeSync(2, s); } catch {} };
const clear = () => { if (shown) { out("\\r\\x1b[2K"); shown = ""; } };
const draw = () => {
  if (!current) return;
  const ms = Date.now() - current.since;
  if (ms < ${SHOW_AFTER_MS}) return;
  let line = current.text.split(${JSON.stringify(ELAPSED)}).join(String(Math.floor(ms / 1000)));
  const width = Math.max(20, current.columns - 1);
  if (line.length > width) line = line.slice(0, width - 1) + "…";
  if (line !== shown) { out("\\r\\x1b[2K" + line); shown = line; }
};
const timer = setInterval(draw, ${REDRAW_MS});
parentPort.on("message", (m) => {
  if (m.t === "show") { current = m; draw(); }
  else if (m.t === "idle") { current = null; clear(); }
  else if (m.t === "write") { clear(); out(m.text); draw(); }
  else if (m.t === "stop") { current = null; clear(); clearInterval(timer); parentPort.postMessage("stopped"); }
});
`;

/** A ProgressLine that shows nothing: notices go straight to stderr. */
function silent(): ProgressLine {
  return { sink: () => {}, write: (text) => void process.stderr.write(text), stop: async () => {} };
}

/**
 * The progress line of a run: drawn only when `enabled` (a command that reports progress, stdout
 * and stderr terminals, no `--json`: `main.ts` decides), otherwise silent. `redact` is applied to
 * every line. The worker starts here, while the main thread is free: a worker first started just
 * before a blocking statement would begin only after it.
 */
export function progressLine(enabled: boolean, redact: (text: string) => string = (t) => t): ProgressLine {
  if (!enabled) return silent();
  let worker: Worker | undefined;
  let broken = false;
  try {
    worker = new Worker(WORKER, { eval: true });
    worker.unref();
    worker.on("error", () => {
      broken = true;
    });
  } catch {
    return silent();
  }
  const post = (message: Record<string, unknown>): boolean => {
    if (broken || !worker) return false;
    try {
      worker.postMessage(message);
      return true;
    } catch {
      broken = true;
      return false;
    }
  };
  return {
    sink: (event) => {
      const text = progressText(event);
      if (text === null) {
        post({ t: "idle" });
        return;
      }
      post({ t: "show", text: redact(text), since: Date.now(), columns: process.stderr.columns || 80 });
    },
    write: (text) => {
      if (!post({ t: "write", text })) process.stderr.write(text);
    },
    stop: async () => {
      const w = worker;
      worker = undefined;
      if (!w) return;
      if (broken) {
        await w.terminate();
        return;
      }
      await new Promise<void>((resolve) => {
        const done = setTimeout(resolve, 1000);
        w.once("message", () => {
          clearTimeout(done);
          resolve();
        });
        w.postMessage({ t: "stop" });
      });
      await w.terminate();
    },
  };
}
