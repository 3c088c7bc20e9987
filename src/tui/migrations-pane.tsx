/**
 * The Migrations pane: the status block (history table, applied/failed/interrupted, pending plan,
 * lock holder, drift signals), the scrollable dry-run preview — or the destructive confirmation
 * while migrate waits for an answer — and the last messages.
 */
import { Box } from "ink";
import { type Line, line, wrapLines } from "./lines.ts";
import { LinesView, sectionTitle } from "./lines-view.tsx";
import { confirmLines, dryRunLines, statusLines } from "./migrations-view.ts";
import type { MigrationsModel } from "./use-migrations.ts";

/** Rows of the status block at most; the rest goes to the preview. */
const STATUS_ROWS = 8;
/** Rows of messages under the preview. */
const LOG_ROWS = 2;

/** The preview's lines (wrapped to `width`): what the scroll keys move over. */
export function previewLines(model: MigrationsModel, width: number): Line[] {
  if (model.confirming) return wrapLines(confirmLines(model.confirming), width);
  if (model.previewError) return wrapLines([model.previewError], width);
  if (!model.preview) return [line("Press d for a dry run of the pending plan.", "dim")];
  return wrapLines(dryRunLines(model.preview), width);
}

/** How many rows the preview gets in a body of `height` rows. */
export function previewHeight(model: MigrationsModel, width: number, height: number): number {
  return height - statusRows(model, width).length - 1 - LOG_ROWS;
}

function statusRows(model: MigrationsModel, width: number): Line[] {
  const all = model.statusError
    ? [model.statusError]
    : model.status
      ? statusLines(model.status)
      : [line("Loading migration status…", "dim")];
  const wrapped = wrapLines(all, width);
  if (wrapped.length <= STATUS_ROWS) return wrapped;
  return [
    ...wrapped.slice(0, STATUS_ROWS - 1),
    line(`… ${wrapped.length - STATUS_ROWS + 1} more line(s): run pormg status for all of it`, "dim"),
  ];
}

/** Props of {@link MigrationsPane}. */
export interface MigrationsPaneProps {
  readonly model: MigrationsModel;
  readonly width: number;
  readonly height: number;
  readonly scroll: number;
}

/** The Migrations pane. */
export function MigrationsPane({ model, width, height, scroll }: MigrationsPaneProps) {
  const status = statusRows(model, width);
  const preview = previewLines(model, width);
  const rows = previewHeight(model, width, height);
  const title = model.confirming ? "Confirm destructive migrate" : "Dry run preview";
  return (
    <Box flexDirection="column" height={height}>
      <LinesView lines={status} height={status.length} />
      <LinesView lines={[sectionTitle(title, scroll, rows, preview.length)]} height={1} />
      <LinesView lines={preview} offset={model.confirming ? 0 : scroll} height={rows} />
      <LinesView lines={wrapLines(model.log.slice(-LOG_ROWS), width).slice(-LOG_ROWS)} height={LOG_ROWS} />
    </Box>
  );
}
