const pad = (n: number, width: number) => String(n).padStart(width, "0");

/**
 * Mints a plan version: the UTC time `date` as 17 digits `YYYYMMDDHHmmssSSS`, so one plan has the
 * same version in every environment it is applied to. Pure.
 */
export function mintVersion(date: Date): string {
  const year = date.getUTCFullYear();
  if (!Number.isFinite(date.getTime()) || year < 0 || year > 9999) {
    throw new RangeError(`cannot mint a plan version for ${String(date)}: the year must have 4 digits`);
  }
  return (
    pad(year, 4) +
    pad(date.getUTCMonth() + 1, 2) +
    pad(date.getUTCDate(), 2) +
    pad(date.getUTCHours(), 2) +
    pad(date.getUTCMinutes(), 2) +
    pad(date.getUTCSeconds(), 2) +
    pad(date.getUTCMilliseconds(), 3)
  );
}

/** The UTC instant a plan version names, or undefined when `version` is not 17 digits naming a real instant. */
export function versionDate(version: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{3})$/.exec(version);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, ms] = m.map(Number) as [number, number, number, number, number, number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  return mintVersion(date) === version ? date : undefined;
}

/** Whether `version` is a valid plan version (17 digits naming a real UTC instant). */
export function isPlanVersion(version: string): boolean {
  return versionDate(version) !== undefined;
}
