/**
 * The dashboard: a tab bar, the pane in focus (Migrations, Inspection, History) and the status
 * bar. It owns the focus state and turns every keypress into a command through `keys.ts`.
 */
import { Box, Text, useApp, useInput, useStdin, useStdout } from "ink";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Config } from "../config/config.ts";
import { helpLines } from "./help-view.ts";
import { HistoryPane, historyLines } from "./history-pane.tsx";
import { InspectPane, inspectLines } from "./inspect-pane.tsx";
import { type Command, functionKeyOf, type KeyPress, PANES, type Pane, route } from "./keys.ts";
import { revealRow, tabBar } from "./layout-view.ts";
import { clampScroll, line, scrollBy, wrapLines } from "./lines.ts";
import { LinesView } from "./lines-view.tsx";
import { MigrationsPane } from "./migrations-pane.tsx";
import { migrationsScreen } from "./migrations-screen.ts";
import { previewSteps } from "./preview-view.ts";
import { StatusBar } from "./status-bar.tsx";
import { MIN_COLUMNS, MIN_ROWS } from "./terminal.ts";
import { useFolds } from "./use-folds.ts";
import { useHistory } from "./use-history.ts";
import { type InspectModels, useInspect } from "./use-inspect.ts";
import { useMigrations } from "./use-migrations.ts";
import { useTasks } from "./use-task.ts";

/** How the dashboard was left: `q`/Esc, or Ctrl-C. */
export type ExitKind = "quit" | "interrupt";

/** Props of {@link App}. */
export interface AppProps {
  readonly config: Config;
  /** The models the Inspection pane queries (a models file, or its loaded exports); default: the folder's. */
  readonly models?: InspectModels;
  /** Called once, when the person leaves, with the tasks still running then. */
  readonly onExit: (kind: ExitKind, running: readonly string[]) => void;
  /** Receives every change made to the database during the session. */
  readonly journal: (text: string) => void;
}

const TITLES: Readonly<Record<Pane, string>> = { migrations: "Migrations", inspect: "Inspection", history: "History" };

function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = useCallback(() => ({ columns: stdout.columns ?? MIN_COLUMNS, rows: stdout.rows ?? MIN_ROWS }), [stdout]);
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on("resize", onResize);
    return () => {
      stdout.off("resize", onResize);
    };
  }, [stdout, read]);
  return size;
}

/** The dashboard. */
export function App({ config, models, onExit, journal }: AppProps) {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const tasks = useTasks();
  const migrations = useMigrations(config, tasks, journal);
  const history = useHistory(config, tasks);
  const inspect = useInspect(config, models, tasks);
  const folds = useFolds(migrations.preview?.checksum);
  const [pane, setPane] = useState<Pane>("migrations");
  const [inputFocused, setInputFocused] = useState(true);
  const [scroll, setScroll] = useState<Readonly<Record<Pane, number>>>({ migrations: 0, inspect: 0, history: 0 });
  const [notice, setNotice] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const left = useRef(false);

  const width = columns;
  const bodyHeight = rows - 3;
  const confirming = migrations.confirming !== null;
  // Laid out again only when what it shows changes (a render per keystroke stays cheap in the other panes).
  const { status, statusError, preview, previewError, log, confirming: asked } = migrations;
  const screen = useMemo(
    () =>
      migrationsScreen(
        { status, statusError, preview, previewError, log, confirming: asked },
        folds.folds,
        width,
        bodyHeight,
      ),
    [status, statusError, preview, previewError, log, asked, folds.folds, width, bodyHeight],
  );
  const steps = migrations.preview ? previewSteps(migrations.preview).length : 0;

  // A destructive question always shows in the Migrations pane, whichever pane is open when it comes.
  useEffect(() => {
    if (confirming) {
      setPane("migrations");
      setHelp(false);
    }
  }, [confirming]);

  const leave = useCallback(
    (kind: ExitKind) => {
      if (left.current) return;
      left.current = true;
      if (migrations.confirming) migrations.answer(false);
      onExit(kind, tasks.running);
      exit();
    },
    [migrations, onExit, exit, tasks.running],
  );

  const scrollable = (p: Pane): { total: number; height: number } => {
    if (p === "migrations") return { total: screen.preview.lines.length, height: screen.rows.preview };
    if (p === "history") return { total: historyLines(history, width).length, height: bodyHeight - 2 };
    return { total: inspectLines(inspect, width).length, height: bodyHeight - 2 };
  };

  // Scrolls the newly selected step into view, laid out as it is now (several ] in one batch move it once).
  const reveal = useRef(false);
  const selected = folds.folds.selected;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the selection moves, reading the screen of that render
  useEffect(() => {
    if (!reveal.current) return;
    reveal.current = false;
    const row = screen.preview.stepRows[selected];
    const { length } = screen.preview.lines;
    if (row !== undefined)
      setScroll((s) => ({
        ...s,
        migrations: revealRow(row, clampScroll(s.migrations, length, screen.rows.preview), screen.rows.preview),
      }));
  }, [selected]);

  const clamp = (p: Pane) => {
    const { total, height } = scrollable(p);
    return clampScroll(scroll[p], total, height);
  };

  const perform = (c: Command) => {
    // The help closes on any key but Ctrl-C (which still quits).
    if (help && c.kind !== "interrupt") return setHelp(false);
    switch (c.kind) {
      case "interrupt":
        return leave("interrupt");
      case "quit":
        if (tasks.isRunning("migrate") || tasks.isRunning("init"))
          return setNotice(
            "A migration is running: wait for it to finish (Ctrl-C stops it; nothing half-applied stays).",
          );
        return leave("quit");
      case "pane":
        setPane(c.pane);
        setNotice(null);
        if (c.pane === "inspect") setInputFocused(true);
        if (c.pane === "history") history.load();
        return;
      case "confirm":
        return migrations.answer(c.yes);
      case "scroll": {
        const { total, height } = scrollable(pane);
        return setScroll((s) => ({ ...s, [pane]: scrollBy(s[pane], c.key, total, height) }));
      }
      case "migrations":
        if (c.action === "nextStep" || c.action === "previousStep") {
          reveal.current = true; // once the selection has moved (see the effect below)
          return folds.select(c.action === "nextStep" ? 1 : -1, steps);
        }
        if (c.action === "foldStep") return folds.toggle();
        if (c.action === "foldAll") return folds.toggleAll(steps);
        setScroll((s) => ({ ...s, migrations: 0 }));
        if (c.action === "refresh") return migrations.refresh();
        if (c.action === "init") return migrations.init();
        if (c.action === "dryRun") return migrations.dryRun(false);
        if (c.action === "verify") return migrations.dryRun(true);
        return migrations.migrate();
      case "reloadHistory":
        return history.load();
      case "focusInput":
        return setInputFocused(true);
      case "blurInput":
        return setInputFocused(false);
      case "complete":
        return inspect.complete();
      case "help":
        return setHelp(true);
      case "none":
        return;
    }
  };

  const state = { pane, inputFocused, confirming };
  useInput((input, key) => {
    const press: KeyPress = {
      input,
      ctrl: key.ctrl,
      escape: key.escape,
      tab: key.tab,
      return: key.return,
      upArrow: key.upArrow,
      downArrow: key.downArrow,
      pageUp: key.pageUp,
      pageDown: key.pageDown,
      home: key.home,
      end: key.end,
    };
    // Keys typed faster than the dashboard reads them arrive as one chunk ("]]", "cg"): outside the
    // query input each character is its own key.
    const typing = pane === "inspect" && inputFocused && !confirming;
    const chars = [...input];
    if (typing || chars.length < 2 || key.ctrl || key.meta) return perform(route(state, press));
    for (const input of chars) perform(route(state, { input }));
  });

  // Ink's key events carry no F-key flag: read the raw sequences it parsed.
  const { internal_eventEmitter: events } = useStdin();
  const performRef = useRef(perform);
  performRef.current = perform;
  const stateRef = useRef(state);
  stateRef.current = state;
  useEffect(() => {
    const onInput = (data: string) => {
      const functionKey = functionKeyOf(data);
      if (functionKey !== undefined) performRef.current(route(stateRef.current, { input: "", functionKey }));
    };
    events.on("input", onInput);
    return () => {
      events.off("input", onInput);
    };
  }, [events]);

  if (columns < MIN_COLUMNS || rows < MIN_ROWS)
    return (
      <Text color="yellow">
        {`The terminal is ${columns}x${rows}; the dashboard needs at least ${MIN_COLUMNS}x${MIN_ROWS}. Enlarge it, or press q to quit.`}
      </Text>
    );

  return (
    <Box flexDirection="column" width={columns} height={rows}>
      <Box height={1}>
        {tabBar(
          PANES.map((p) => TITLES[p]),
          PANES.indexOf(pane),
          `${config.env} · ${config.display}`,
          columns,
        ).map((t) => (
          <Box key={t.text} flexShrink={0}>
            <Text wrap="truncate-end" {...(t.kind === "active" ? { inverse: true, bold: true } : { dimColor: true })}>
              {t.text}
            </Text>
          </Box>
        ))}
      </Box>
      <Box height={bodyHeight} flexDirection="column">
        {help && (
          <>
            <LinesView lines={[line("── Keys (any key closes) ──", "dim")]} height={1} />
            <LinesView lines={wrapLines(helpLines(), width)} height={bodyHeight - 1} />
          </>
        )}
        {!help && pane === "migrations" && (
          <MigrationsPane screen={screen} height={bodyHeight} scroll={clamp("migrations")} confirming={confirming} />
        )}
        {!help && pane === "history" && (
          <HistoryPane model={history} width={width} height={bodyHeight} scroll={clamp("history")} />
        )}
        {!help && pane === "inspect" && (
          <InspectPane
            model={inspect}
            width={width}
            height={bodyHeight}
            scroll={clamp("inspect")}
            focused={inputFocused && !confirming}
          />
        )}
      </Box>
      <StatusBar
        pane={pane}
        inputFocused={inputFocused}
        confirming={confirming}
        running={tasks.running}
        notice={notice}
        columns={columns}
      />
    </Box>
  );
}
