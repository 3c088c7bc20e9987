/**
 * The SQLSTATE of a PostgreSQL server's error answer (`3D000`, `57P03` …), found along the `cause`
 * chain of a wrapped error; `undefined` for errors the server did not send (a refused connection).
 */
export function sqlState(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && /\d/.test(code)) return code;
  }
  return undefined;
}
