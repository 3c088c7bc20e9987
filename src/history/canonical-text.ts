import { canonicalJson } from "../core/canonical-json.ts";

/**
 * `canonicalJson(value)` written directly for the values a parsed JSON text holds (null, booleans,
 * finite numbers, strings, arrays without holes, plain objects whose keys do not start with a
 * digit), without `JSON.stringify`'s replacer and a sorted copy of every object: the chain check
 * hashes one payload per event. Anything else (undefined members, non-finite numbers, dates,
 * sparse arrays, objects with another prototype, keys a JS object would order as array indices)
 * is left to `canonicalJson` itself, so the text is always `canonicalJson`'s. Pure.
 */
export function canonicalText(value: unknown): string {
  return plainText(value) ?? canonicalJson(value);
}

/** The canonical text of a plain JSON value, or `undefined` when `value` is not one. */
function plainText(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : undefined;
    case "object": {
      if (value === null) return "null";
      if (Array.isArray(value)) return arrayText(value);
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return undefined;
      return objectText(value as Record<string, unknown>);
    }
    default:
      return undefined;
  }
}

function arrayText(items: readonly unknown[]): string | undefined {
  let out = "[";
  for (let i = 0; i < items.length; i++) {
    if (!(i in items)) return undefined;
    const text = plainText(items[i]);
    if (text === undefined) return undefined;
    out += i === 0 ? text : `,${text}`;
  }
  return `${out}]`;
}

function objectText(object: Record<string, unknown>): string | undefined {
  if (Object.getOwnPropertySymbols(object).length > 0) return undefined;
  const keys = Object.keys(object);
  if (keys.length !== Object.getOwnPropertyNames(object).length) return undefined;
  keys.sort();
  let out = "{";
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const c = key.charCodeAt(0);
    if (c >= 48 && c <= 57) return undefined;
    const text = plainText(object[key]);
    if (text === undefined) return undefined;
    out += `${i === 0 ? "" : ","}${JSON.stringify(key)}:${text}`;
  }
  return `${out}}`;
}
