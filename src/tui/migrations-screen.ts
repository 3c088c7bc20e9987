/**
 * The Migrations pane laid out for the terminal's size: which parts go where (layout-view.ts), the
 * status as whole as fits, the preview (or the destructive confirmation) and the messages, each
 * wrapped to its width. Pure: the pane renders it, the app scrolls over it.
 */
import { fitLines, type PaneColumns, type PaneRows, paneColumns, sideRows, stackedRows } from "./layout-view.ts";
import { type Line, line, wrapLines } from "./lines.ts";
import { confirmLines, statusLines } from "./migrations-view.ts";
import { type Folds, type PreviewView, previewView } from "./preview-view.ts";
import type { MigrationsModel } from "./use-migrations.ts";

/** MigrationsScreen is everything the Migrations pane shows, placed. */
export interface MigrationsScreen {
  readonly columns: PaneColumns;
  readonly rows: PaneRows;
  readonly status: readonly Line[];
  readonly title: string;
  readonly preview: PreviewView;
  readonly log: readonly Line[];
}

/** What the pane shows of the Migrations model. */
export type MigrationsShown = Pick<
  MigrationsModel,
  "status" | "statusError" | "preview" | "previewError" | "log" | "confirming"
>;

/** What the status block says, unwrapped. */
function statusOf(model: MigrationsShown): Line[] {
  if (model.statusError) return [model.statusError];
  if (model.status) return statusLines(model.status);
  return [line("Loading migration status…", "dim")];
}

/** The preview's lines at `width`: the confirmation while migrate asks, else the dry run. */
function previewOf(model: MigrationsShown, width: number, folds: Folds): PreviewView {
  if (model.confirming) return { lines: wrapLines(confirmLines(model.confirming), width), stepRows: [] };
  if (model.previewError) return { lines: wrapLines([model.previewError], width), stepRows: [] };
  if (!model.preview) return { lines: [line("Press d for a dry run of the pending plan.", "dim")], stepRows: [] };
  return previewView(model.preview, width, folds);
}

/** The Migrations pane of `model` in `columns` x `height` (the body: tabs and status bar excluded). */
export function migrationsScreen(
  model: MigrationsShown,
  folds: Folds,
  columns: number,
  height: number,
): MigrationsScreen {
  const cols = paneColumns(columns);
  const status = wrapLines(statusOf(model), cols.statusWidth);
  const preview = previewOf(model, cols.previewWidth, folds);
  const rows =
    cols.mode === "side" ? sideRows(height, status.length) : stackedRows(height, status.length, preview.lines.length);
  const log = wrapLines(model.log, cols.statusWidth).slice(-rows.log);
  return {
    columns: cols,
    rows,
    status: fitLines(status, rows.status, "run pormg status for all of it"),
    title: model.confirming ? "Confirm destructive migrate" : "Dry run preview",
    preview,
    log,
  };
}
