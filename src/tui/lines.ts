/**
 * Display lines for the dashboard: plain text with a tone, hard-wrapped to the pane's width so
 * nothing is cut off, and the scroll arithmetic every scrollable pane shares. Pure code.
 */

/** A Tone says how a line is coloured: by meaning, never by pane. */
export type Tone = "normal" | "dim" | "title" | "good" | "warn" | "bad" | "danger";

/** A Line is one row of text in a pane. */
export interface Line {
  readonly text: string;
  readonly tone?: Tone;
}

/** Makes a Line. */
export function line(text: string, tone: Tone = "normal"): Line {
  return { text, tone };
}

/**
 * Hard-wraps every line to `width` columns; continuation rows keep the tone and start with
 * `indent`, so a long SQL statement stays readable and nothing is truncated.
 */
export function wrapLines(lines: readonly Line[], width: number, indent = "     "): Line[] {
  const out: Line[] = [];
  const w = Math.max(indent.length + 8, width);
  for (const l of lines) {
    let rest = [...l.text.replaceAll("\t", "  ")];
    let room = w;
    let prefix = "";
    while (rest.length > room) {
      // Break after the last space in the row's final third when there is one, else mid-word.
      const space = rest.lastIndexOf(" ", room - 1);
      const cut = space >= Math.floor((room * 2) / 3) ? space + 1 : room;
      out.push({ ...l, text: prefix + rest.slice(0, cut).join("").trimEnd() });
      rest = rest.slice(cut);
      prefix = indent;
      room = w - indent.length;
    }
    out.push(prefix === "" ? l : { ...l, text: prefix + rest.join("") });
  }
  return out;
}

/** The largest scroll offset that still fills a window of `height` rows over `total` rows. */
export function maxScroll(total: number, height: number): number {
  return Math.max(0, total - Math.max(1, height));
}

/** Clamps a scroll offset into `[0, maxScroll]`. */
export function clampScroll(offset: number, total: number, height: number): number {
  return Math.min(Math.max(0, offset), maxScroll(total, height));
}

/** A ScrollKey is a scrolling request from the keyboard. */
export type ScrollKey = "up" | "down" | "pageUp" | "pageDown" | "home" | "end";

/** The new offset after a scroll key, for a window of `height` rows over `total` rows. */
export function scrollBy(offset: number, key: ScrollKey, total: number, height: number): number {
  const page = Math.max(1, height - 1);
  const next = {
    up: offset - 1,
    down: offset + 1,
    pageUp: offset - page,
    pageDown: offset + page,
    home: 0,
    end: maxScroll(total, height),
  }[key];
  return clampScroll(next, total, height);
}
