/** The History pane: the `history verify` result above the scrollable event log. */
import { Box } from "ink";
import { eventLines, verifyLine } from "./history-view.ts";
import { type Line, line, wrapLines } from "./lines.ts";
import { LinesView, sectionTitle } from "./lines-view.tsx";
import type { HistoryModel } from "./use-history.ts";

/** The event log's lines (wrapped to `width`): what the scroll keys move over. */
export function historyLines(model: HistoryModel, width: number): Line[] {
  if (model.missing) return [line("The database does not exist yet, so it has no history.", "dim")];
  if (model.events === null) return [line("Loading the event log…", "dim")];
  return wrapLines(eventLines(model.events), width);
}

/** Props of {@link HistoryPane}. */
export interface HistoryPaneProps {
  readonly model: HistoryModel;
  readonly width: number;
  readonly height: number;
  readonly scroll: number;
}

/** The History pane. */
export function HistoryPane({ model, width, height, scroll }: HistoryPaneProps) {
  const verify = model.missing ? [] : wrapLines([verifyLine(model.verify, model.error)], width);
  const lines = historyLines(model, width);
  const rows = height - verify.length - 1;
  return (
    <Box flexDirection="column" height={height}>
      <LinesView lines={verify} height={verify.length} />
      <LinesView lines={[sectionTitle("Event log", scroll, rows, lines.length)]} height={1} />
      <LinesView lines={lines} offset={scroll} height={rows} />
    </Box>
  );
}
