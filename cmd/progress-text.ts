import type { ProgressEvent } from "../src/apply/progress.ts";

/** Where the elapsed seconds go in a progress line's text (the renderer fills them in as time passes). */
export const ELAPSED = "{s}";

/** One line of SQL, whitespace collapsed. Pure. */
function oneLine(sql: string): string {
  return sql.replace(/\s+/g, " ").trim();
}

/**
 * The progress line for an event, with {@link ELAPSED} where the seconds since it started go, or
 * null for `idle`. The seconds come early, so a line cut to the terminal's width keeps them. Pure.
 */
export function progressText(event: ProgressEvent): string | null {
  switch (event.kind) {
    case "lock-wait": {
      const limit = event.waitMs > 0 ? ` (of ${Math.round(event.waitMs / 1000)} s)` : "";
      const holder = event.holder ?? "another pormg process (this database cannot tell which)";
      return `pormg: waited ${ELAPSED} s${limit} for the migration lock, held by ${holder}`;
    }
    case "backup":
      return `pormg: backing up ${event.database}, ${ELAPSED} s`;
    case "statement":
      return (
        `pormg: step ${event.step}/${event.steps}, statement ${event.statement}/${event.statements}, ` +
        `${ELAPSED} s: ${oneLine(event.sql)}`
      );
    case "rebuild": {
      const rows = event.rows === null ? "copying its rows" : `copying ${event.rows} row(s)`;
      return `pormg: step ${event.step}/${event.steps}, rebuilding table "${event.table}", ${ELAPSED} s: ${rows}`;
    }
    case "idle":
      return null;
  }
}
