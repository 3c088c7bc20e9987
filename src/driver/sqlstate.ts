/**
 * The SQLSTATE of a server's error answer (PostgreSQL's `3D000`, `57P03` …; MySQL's `28000`,
 * `08004` …), found along the `cause` chain of a wrapped error; `undefined` for errors the server
 * did not send (a refused connection). PostgreSQL's clients carry it as `code`; mysql2 carries its
 * own error name in `code` and the SQLSTATE in `sqlState`.
 */
export function sqlState(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    for (const code of [(e as { code?: unknown }).code, (e as { sqlState?: unknown }).sqlState])
      if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && /\d/.test(code)) return code;
  }
  return undefined;
}
