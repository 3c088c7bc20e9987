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

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * {@link isPlanVersion} by arithmetic, for a version that names its instant without overflow:
 * true exactly when `versionDate` gives a date (17 digits, month 1–12, a day of that month in the
 * proleptic Gregorian calendar, hour < 24, minute and second < 60), false otherwise — also where
 * `versionDate` itself would throw (a month past 12 in year 9999), which a caller that must
 * reproduce that leaves to `isPlanVersion`. Pure.
 */
export function isPlainPlanVersion(version: string): boolean {
  if (version.length !== 17) return false;
  for (let i = 0; i < 17; i++) {
    const c = version.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const num = (from: number, to: number) => Number(version.slice(from, to));
  const year = num(0, 4);
  const month = num(4, 6);
  const day = num(6, 8);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  return day <= days && num(8, 10) < 24 && num(10, 12) < 60 && num(12, 14) < 60;
}
