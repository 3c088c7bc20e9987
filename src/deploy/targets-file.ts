import { type Environ, interpolate } from "../config/interpolate.ts";
import { redactUrl } from "../config/redact.ts";
import { targetFromUrl, urlForms } from "../config/target-url.ts";
import { PormgError } from "../core/errors.ts";
import { dialects } from "../dialect/dialect.ts";

/** One target of a `--targets` file: a connection URL or the name of an environment in connection.yml. */
export interface TargetLine {
  /** The line number in the file (from 1). */
  readonly line: number;
  readonly kind: "url" | "env";
  /** The URL (every `${VAR}` expanded) or the environment name. Holds secrets: never print it. */
  readonly value: string;
  /** The target for people to read: the environment name, or the URL with its password as `***`. */
  readonly shown: string;
}

const ENVIRONMENT_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Reads a `--targets` file (`shown` names it in errors): one target per line, a connection URL
 * (`postgres://…`, `sqlite:…`) or an environment name of `connection.yml`; blank lines and `#`
 * comments (a whole line, or after a blank) are skipped; `${VAR}` and `${VAR:-default}` expand from
 * `environ`, so secrets stay out of the file. Relative SQLite paths resolve against `cwd`. A bad
 * line, an unset variable, a target listed twice or a file with no target is `CONFIG_INVALID`
 * (exit 78) naming the file and line, with every URL redacted.
 */
export function parseTargets(text: string, shown: string, environ: Environ, cwd: string): TargetLine[] {
  const targets: TargetLine[] = [];
  const seen = new Map<string, number>();
  text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    const fail = (why: string) => {
      throw new PormgError("CONFIG_INVALID", `${shown}:${line}: ${why}`, { file: shown, line });
    };
    const written = raw
      .replace(/\r$/, "")
      .replace(/(^|\s)#.*$/, "")
      .trim();
    if (written === "") return;
    const expanded = interpolate(written, environ);
    if ("problem" in expanded) {
      const p = expanded.problem;
      fail(
        p.kind === "unset"
          ? `${p.text}: the variable ${p.variable} is not set; export it, or write \${${p.variable}:-default}`
          : `"${p.text}" is not a valid \${VAR} reference; write \${NAME} with letters, digits and _`,
      );
      return;
    }
    const value = expanded.value.trim();
    if (value === "") fail(`${written} expands to nothing; set the variable to a URL or an environment name`);
    if (/\s/.test(value))
      fail(`"${redactUrl(value)}" holds a blank; write one target per line (a URL or an environment name)`);
    const isUrl = /^[a-z][a-z0-9+.-]*:/i.test(value);
    if (isUrl) {
      const parsed = targetFromUrl(value, cwd, dialects());
      if ("problem" in parsed) fail(parsed.problem);
    } else if (!ENVIRONMENT_NAME.test(value))
      fail(
        `"${value}" is neither a connection URL (${urlForms(dialects())}) nor an environment name of connection.yml`,
      );
    const shownTarget = isUrl ? redactUrl(value) : value;
    const first = seen.get(value);
    if (first !== undefined) fail(`${shownTarget} is listed twice (first on line ${first}); list each target once`);
    seen.set(value, line);
    targets.push({ line, kind: isUrl ? "url" : "env", value, shown: shownTarget });
  });
  if (targets.length === 0)
    throw new PormgError(
      "CONFIG_INVALID",
      `${shown} names no target; write one connection URL or environment name per line (# starts a comment)`,
      { file: shown },
    );
  return targets;
}
