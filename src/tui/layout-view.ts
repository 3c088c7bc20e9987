/**
 * Where things go on the dashboard's screen, as pure arithmetic over the terminal's size: the tab
 * row, whether the Migrations pane stacks its parts or puts the status beside the preview, and how
 * many rows each part gets so that nothing is cut off that fits.
 */
import { type Line, line } from "./lines.ts";

/** Columns from which the Migrations pane puts the status (and messages) beside the preview. */
export const SIDE_BY_SIDE_COLUMNS = 140;

/** A TabSegment is one piece of the tab row: a pane's tab (active or not) or the context text. */
export interface TabSegment {
  readonly text: string;
  readonly kind: "active" | "tab" | "context";
}

/** Shortens `text` to `width` characters, keeping its start and end around an ellipsis. */
export function ellipsize(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width <= 1) return chars.slice(0, Math.max(0, width)).join("");
  const tail = Math.floor((width - 1) / 2);
  return `${chars.slice(0, width - 1 - tail).join("")}…${chars.slice(chars.length - tail).join("")}`;
}

/**
 * The tab row: every tab label whole (` 1 Migrations `), then as much of `context` (environment and
 * target) as fits in the columns left, shortened in the middle. The segments never exceed `columns`.
 */
export function tabBar(titles: readonly string[], active: number, context: string, columns: number): TabSegment[] {
  const tabs: TabSegment[] = titles.map((t, k) => ({ text: ` ${k + 1} ${t} `, kind: k === active ? "active" : "tab" }));
  const used = tabs.reduce((n, t) => n + t.text.length, 0);
  const room = columns - used - 2;
  return room >= 4 ? [...tabs, { text: `  ${ellipsize(context, room)}`, kind: "context" }] : tabs;
}

/** PaneColumns says how the Migrations pane uses the width. */
export interface PaneColumns {
  /** `stacked`: status, preview and messages one under the other; `side`: status and messages left, preview right. */
  readonly mode: "stacked" | "side";
  readonly statusWidth: number;
  readonly previewWidth: number;
}

/** The Migrations pane's columns for a terminal `columns` wide (a one-column rule separates the sides). */
export function paneColumns(columns: number): PaneColumns {
  if (columns < SIDE_BY_SIDE_COLUMNS) return { mode: "stacked", statusWidth: columns, previewWidth: columns };
  const statusWidth = Math.min(72, Math.max(50, Math.floor(columns * 0.38)));
  return { mode: "side", statusWidth, previewWidth: columns - statusWidth - 1 };
}

/** PaneRows are the rows of each part of the Migrations pane (section titles not included). */
export interface PaneRows {
  readonly status: number;
  readonly preview: number;
  readonly log: number;
}

/** Rows of messages in a stacked pane of `height` rows. */
export function stackedLogRows(height: number): number {
  return height >= 30 ? 3 : 2;
}

/**
 * The rows of a stacked pane of `height` rows: one title row above the preview, the messages
 * below it; the status gets all its `status` rows when they leave the preview at least a third of
 * the rest (or all of its `preview` rows), else it is cut to leave that much.
 */
export function stackedRows(height: number, status: number, preview: number): PaneRows {
  const log = stackedLogRows(height);
  const room = Math.max(0, height - log - 1);
  const least = Math.min(preview, Math.max(4, Math.floor(room / 3)));
  const shown = Math.max(1, Math.min(status, room - least));
  return { status: shown, preview: room - shown, log };
}

/**
 * The rows of a side-by-side pane of `height` rows: the preview (under its title) takes the whole
 * height on the right; on the left the status takes what it needs and the messages (under their
 * title) the rest, at least 3 rows of them.
 */
export function sideRows(height: number, status: number): PaneRows {
  const shown = Math.max(1, Math.min(status, height - 4));
  return { status: shown, preview: height - 1, log: height - shown - 1 };
}

/** `lines` in at most `rows` rows: whole when they fit, else cut with a last row saying how much is left out. */
export function fitLines(lines: readonly Line[], rows: number, rest: string): Line[] {
  if (lines.length <= rows) return [...lines];
  const kept = Math.max(0, rows - 1);
  return [...lines.slice(0, kept), line(`… ${lines.length - kept} more line(s): ${rest}`, "dim")];
}

/** The scroll offset that brings row `target` into a window of `height` rows at `offset` (a little context above it). */
export function revealRow(target: number, offset: number, height: number): number {
  if (target < offset) return Math.max(0, target - 1);
  if (target >= offset + height) return target - Math.max(0, height - 3);
  return offset;
}
