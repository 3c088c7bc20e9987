/** LinesView renders display lines in their tones, one Ink row each, from a scroll offset. */
import { Box, Text } from "ink";
import type { Line, Tone } from "./lines.ts";

const styles: Readonly<Record<Tone, { color?: string; bold?: boolean; dimColor?: boolean }>> = {
  normal: {},
  dim: { dimColor: true },
  title: { color: "cyan", bold: true },
  good: { color: "green" },
  warn: { color: "yellow" },
  bad: { color: "red" },
  danger: { color: "red", bold: true },
};

/** Props of {@link LinesView}: lines already wrapped to the width, the first line shown, and how many rows. */
export interface LinesViewProps {
  readonly lines: readonly Line[];
  readonly offset?: number;
  readonly height: number;
}

/** Shows `height` rows of `lines` starting at `offset` (no wrapping: wrap with `wrapLines` first). */
export function LinesView({ lines, offset = 0, height }: LinesViewProps) {
  const shown = lines.slice(offset, offset + Math.max(0, height));
  return (
    <Box flexDirection="column" height={Math.max(0, height)} overflow="hidden">
      {shown.map((l, k) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional; the same text may repeat
        <Text key={k} wrap="truncate-end" {...styles[l.tone ?? "normal"]}>
          {l.text === "" ? " " : l.text}
        </Text>
      ))}
    </Box>
  );
}

/** A section heading that also says which lines are in view when they do not all fit. */
export function sectionTitle(title: string, offset: number, height: number, total: number): Line {
  if (total <= height) return { text: `── ${title} ──`, tone: "dim" };
  const last = Math.min(total, offset + height);
  return { text: `── ${title} (lines ${offset + 1}–${last} of ${total}; j/k ↑↓ PgUp/PgDn scroll) ──`, tone: "dim" };
}
