/**
 * The dashboard's keyboard rules as one pure function, so the focus rules are written down once.
 *
 * Focus rules: Ctrl-C always quits. While a destructive confirmation is open it takes every key
 * (y applies, n or Esc declines). F1/F2/F3 always switch panes. In the Inspection pane the query
 * input has focus when the pane opens, and every printable key — digits, q, j, k included — is
 * typed into it; there Esc only leaves the input (then 1/2/3, q and j/k work again, and i, / or
 * Enter return to the input), Tab completes the model name, ↑↓ PgUp/PgDn scroll the result.
 * Everywhere else 1/2/3 switch panes, q or Esc quits, ↑↓ j/k PgUp/PgDn g/G scroll, and letters
 * are the pane's actions. In the Migrations pane ] and [ select the next and previous step of the
 * preview, Enter or space folds and unfolds it, c folds (or unfolds) them all. ? opens the key
 * help (outside the query input), which any key closes.
 */
import type { ScrollKey } from "./lines.ts";

/** A Pane is one screen of the dashboard. */
export type Pane = "migrations" | "inspect" | "history";

/** The panes in the order of their keys (1/F1, 2/F2, 3/F3). */
export const PANES: readonly Pane[] = ["migrations", "inspect", "history"];

/** A MigrationsAction is one of the Migrations pane's keys. */
export type MigrationsAction =
  | "refresh"
  | "init"
  | "dryRun"
  | "verify"
  | "migrate"
  | "nextStep"
  | "previousStep"
  | "foldStep"
  | "foldAll";

/** KeyPress is what the router needs of a keypress: Ink's input text and key flags, plus F1–F12. */
export interface KeyPress {
  readonly input: string;
  readonly ctrl?: boolean;
  readonly escape?: boolean;
  readonly tab?: boolean;
  readonly return?: boolean;
  readonly upArrow?: boolean;
  readonly downArrow?: boolean;
  readonly pageUp?: boolean;
  readonly pageDown?: boolean;
  readonly home?: boolean;
  readonly end?: boolean;
  /** 1 for F1 … (only set when the terminal sent a function key). */
  readonly functionKey?: number;
}

/** The state the rules depend on. */
export interface FocusState {
  readonly pane: Pane;
  readonly inputFocused: boolean;
  readonly confirming: boolean;
}

/** A Command is what a keypress means. */
export type Command =
  | { readonly kind: "interrupt" }
  | { readonly kind: "quit" }
  | { readonly kind: "pane"; readonly pane: Pane }
  | { readonly kind: "confirm"; readonly yes: boolean }
  | { readonly kind: "scroll"; readonly key: ScrollKey }
  | { readonly kind: "migrations"; readonly action: MigrationsAction }
  | { readonly kind: "reloadHistory" }
  | { readonly kind: "focusInput" }
  | { readonly kind: "blurInput" }
  | { readonly kind: "complete" }
  | { readonly kind: "help" }
  | { readonly kind: "none" };

const NONE: Command = { kind: "none" };

function scrollKey(k: KeyPress, letters: boolean): ScrollKey | undefined {
  if (k.upArrow || (letters && k.input === "k")) return "up";
  if (k.downArrow || (letters && k.input === "j")) return "down";
  if (k.pageUp) return "pageUp";
  if (k.pageDown) return "pageDown";
  if (k.home || (letters && k.input === "g")) return "home";
  if (k.end || (letters && k.input === "G")) return "end";
  return undefined;
}

const MIGRATION_KEYS: Readonly<Record<string, MigrationsAction>> = {
  s: "refresh",
  r: "refresh",
  i: "init",
  d: "dryRun",
  v: "verify",
  m: "migrate",
  "]": "nextStep",
  "[": "previousStep",
  " ": "foldStep",
  c: "foldAll",
};

/** What a keypress means in a given focus state (see the module comment for the rules). */
export function route(state: FocusState, k: KeyPress): Command {
  if (k.ctrl && k.input === "c") return { kind: "interrupt" };
  if (state.confirming) {
    if (k.input === "y" || k.input === "Y") return { kind: "confirm", yes: true };
    if (k.input === "n" || k.input === "N" || k.escape) return { kind: "confirm", yes: false };
    return NONE;
  }
  const f = k.functionKey;
  if (f !== undefined && f >= 1 && f <= PANES.length) return { kind: "pane", pane: PANES[f - 1] as Pane };
  if (state.pane === "inspect" && state.inputFocused) {
    if (k.escape) return { kind: "blurInput" };
    if (k.tab) return { kind: "complete" };
    const scroll = scrollKey(k, false);
    return scroll ? { kind: "scroll", key: scroll } : NONE;
  }
  const digit = ["1", "2", "3"].indexOf(k.input);
  if (digit >= 0 && !k.ctrl) return { kind: "pane", pane: PANES[digit] as Pane };
  if (k.input === "?") return { kind: "help" };
  if (k.input === "q" || k.escape) return { kind: "quit" };
  const scroll = scrollKey(k, true);
  if (scroll) return { kind: "scroll", key: scroll };
  if (k.ctrl) return NONE;
  if (state.pane === "migrations") {
    if (k.return) return { kind: "migrations", action: "foldStep" };
    const action = MIGRATION_KEYS[k.input];
    return action ? { kind: "migrations", action } : NONE;
  }
  if (state.pane === "history") return k.input === "s" || k.input === "r" ? { kind: "reloadHistory" } : NONE;
  if (k.input === "i" || k.input === "/" || k.return) return { kind: "focusInput" };
  return NONE;
}

/** F1–F12 as sent by xterm-compatible terminals and tmux (`ESC O P`, `ESC [ 11 ~`, the Linux console's `ESC [ [ A`). */
export function functionKeyOf(sequence: string): number | undefined {
  if (!sequence.startsWith("\u001b")) return undefined;
  const rest = sequence.slice(1);
  const ss3 = /^O([PQRS])$/.exec(rest) ?? /^\[1;\d+([PQRS])$/.exec(rest);
  if (ss3) return "PQRS".indexOf(ss3[1] as string) + 1;
  const linux = /^\[\[([A-E])$/.exec(rest);
  if (linux) return "ABCDE".indexOf(linux[1] as string) + 1;
  const csi = /^\[(\d+)(?:;\d+)?~$/.exec(rest);
  if (!csi) return undefined;
  const n = [11, 12, 13, 14, 15, 17, 18, 19, 20, 21, 23, 24].indexOf(Number(csi[1]));
  return n >= 0 ? n + 1 : undefined;
}
