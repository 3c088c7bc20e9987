import type { FingerprintPart } from "../../apply/fingerprint-part.ts";

/** On PostgreSQL a change to a table re-creates nothing outside it: its own objects are all its fingerprint covers. */
export const postgresFingerprint: FingerprintPart = {
  recreatedWith: () => [],
};
