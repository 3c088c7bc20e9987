/**
 * The status bar: the keys of the pane in focus (first row), the global keys and the running tasks
 * with a spinner, or "idle" (second row).
 */
import { Box, Text } from "ink";
import Spinner from "ink-spinner";
import type { Pane } from "./keys.ts";

/** Props of {@link StatusBar}. */
export interface StatusBarProps {
  readonly pane: Pane;
  readonly inputFocused: boolean;
  readonly confirming: boolean;
  readonly running: readonly string[];
  /** A short notice that replaces the global keys for a moment (e.g. "wait for migrate"). */
  readonly notice: string | null;
  /** The terminal's width. */
  readonly columns: number;
}

/** The keys of each pane, longest wording first: the status bar shows the first that fits. */
function keyWordings(pane: Pane, inputFocused: boolean, confirming: boolean): string[] {
  if (confirming) return ["[y] apply the destructive plan  [n/Esc] decline"];
  if (pane === "migrations")
    return [
      "[s]tatus [i]nit [d]ry-run [v]erify (dry-run --verify) [m]igrate  [ ] step [Enter/Space] fold [c] fold all  [j/k ↑↓ PgUp/PgDn] scroll",
      "[s]tatus [i]nit [d]ry-run [v]erify [m]igrate  [ ] step [Enter] fold [c] all  [j/k ↑↓ PgUp/PgDn] scroll",
      "[s]tatus [i]nit [d]ry-run [v]erify [m]igrate [ ] step [Enter] fold [c] all",
    ];
  if (pane === "history") return ["[s] reload log and verify  [j/k ↑↓ PgUp/PgDn] scroll"];
  return inputFocused
    ? [
        "typing: [Enter] inspect [Tab] complete model [↑↓ PgUp/PgDn] scroll [Esc] leave input",
        "typing: [Enter] inspect [Tab] complete [↑↓ PgUp/PgDn] scroll [Esc] leave input",
      ]
    : ["[i / Enter] type a query  [j/k ↑↓ PgUp/PgDn] scroll"];
}

/** The keys of the pane in focus, worded to fit in `width` columns (the shortest wording when none fits). */
export function paneKeys(pane: Pane, inputFocused: boolean, confirming: boolean, width = Infinity): string {
  const all = keyWordings(pane, inputFocused, confirming);
  return all.find((w) => [...w].length + 1 <= width) ?? (all[all.length - 1] as string);
}

/** The two-row status bar. */
export function StatusBar({ pane, inputFocused, confirming, running, notice, columns }: StatusBarProps) {
  const global =
    pane === "inspect" && inputFocused
      ? "[F1/F2/F3] panes  [Ctrl-C] quit"
      : "[1/2/3 F1/F2/F3] panes  [?] help  [q/Esc] quit";
  return (
    <Box flexDirection="column" height={2}>
      <Text wrap="truncate-end" color="cyan">
        {` ${paneKeys(pane, inputFocused, confirming, columns)}`}
      </Text>
      <Box justifyContent="space-between">
        <Text wrap="truncate-end" {...(notice ? { color: "yellow" } : { dimColor: true })}>
          {` ${notice ?? global}`}
        </Text>
        {running.length > 0 ? (
          <Text color="yellow">
            <Spinner type="dots" /> {running.join(", ")}…{" "}
          </Text>
        ) : (
          <Text dimColor>idle </Text>
        )}
      </Box>
    </Box>
  );
}
