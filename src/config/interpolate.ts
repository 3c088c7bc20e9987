/** Environ is a read-only view of environment variables. */
export type Environ = Readonly<Record<string, string | undefined>>;

/** An InterpolationProblem says why a `${…}` reference could not be expanded. */
export interface InterpolationProblem {
  readonly kind: "unset" | "malformed";
  readonly variable?: string;
  readonly text: string;
}

/**
 * Expands `${VAR}` and `${VAR:-default}` in `text` from `environ`, as a POSIX shell does:
 * the default applies when VAR is unset or empty, and `$$` is a literal `$`. Returns the expanded
 * text, or the problem: a variable that is unset with no default, or a `${` that is not closed or
 * holds no valid name.
 */
export function interpolate(text: string, environ: Environ): { value: string } | { problem: InterpolationProblem } {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf("$", i);
    if (dollar < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === "$") {
      out += "$";
      i = dollar + 2;
      continue;
    }
    if (next !== "{") {
      out += "$";
      i = dollar + 1;
      continue;
    }
    const close = text.indexOf("}", dollar + 2);
    const body = close < 0 ? undefined : text.slice(dollar + 2, close);
    const match = body === undefined ? null : /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s.exec(body);
    if (!match) return { problem: { kind: "malformed", text: text.slice(dollar, close < 0 ? undefined : close + 1) } };
    const name = match[1] as string;
    const fallback = match[2];
    const value = environ[name];
    if (value !== undefined && value !== "") out += value;
    else if (fallback !== undefined) out += fallback;
    else if (value === "") out += value;
    else return { problem: { kind: "unset", variable: name, text: `\${${body}}` } };
    i = (close as number) + 1;
  }
  return { value: out };
}
