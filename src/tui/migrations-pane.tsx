/**
 * The Migrations pane: the status block (history table, applied/failed/interrupted, pending plan,
 * lock holder, drift signals), the scrollable dry-run preview — or the destructive confirmation
 * while migrate waits for an answer — and the last messages. Stacked in a narrow terminal; status
 * and messages beside the preview in a wide one (migrations-screen.ts places them).
 */
import { Box, Text } from "ink";
import { LinesView, sectionTitle } from "./lines-view.tsx";
import type { MigrationsScreen } from "./migrations-screen.ts";

/** Props of {@link MigrationsPane}. */
export interface MigrationsPaneProps {
  readonly screen: MigrationsScreen;
  readonly height: number;
  readonly scroll: number;
  readonly confirming: boolean;
}

/** The Migrations pane. */
export function MigrationsPane({ screen, height, scroll, confirming }: MigrationsPaneProps) {
  const { rows, columns } = screen;
  const offset = confirming ? 0 : scroll;
  const preview = (
    <>
      <LinesView lines={[sectionTitle(screen.title, offset, rows.preview, screen.preview.lines.length)]} height={1} />
      <LinesView lines={screen.preview.lines} offset={offset} height={rows.preview} />
    </>
  );
  if (columns.mode === "stacked")
    return (
      <Box flexDirection="column" height={height}>
        <LinesView lines={screen.status} height={rows.status} />
        {preview}
        <LinesView lines={screen.log} height={rows.log} />
      </Box>
    );
  return (
    <Box flexDirection="row" height={height}>
      <Box flexDirection="column" width={columns.statusWidth} height={height}>
        <LinesView lines={screen.status} height={rows.status} />
        <LinesView lines={[sectionTitle("Messages", 0, rows.log, rows.log)]} height={1} />
        <LinesView lines={screen.log} height={rows.log} />
      </Box>
      <Box flexDirection="column" width={1} height={height}>
        <Text dimColor>{"│\n".repeat(height).trimEnd()}</Text>
      </Box>
      <Box flexDirection="column" width={columns.previewWidth} height={height}>
        {preview}
      </Box>
    </Box>
  );
}
