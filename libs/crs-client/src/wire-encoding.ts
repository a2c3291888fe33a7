// Action parameters to the flat string params that are signed and sent, and their one URL-encoding on the wire.

/** What an action parameter may be: arrays are flattened to `name.0`, `name.1`, ... (reference §1). */
export type ActionParamValue = string | number | boolean | null | undefined | ReadonlyArray<string | number | boolean>;
export type ActionParams = Readonly<Record<string, ActionParamValue>>;

/** Flattens arrays and turns values into the exact strings that are signed and sent; drops null/undefined. */
export function flattenActionParams(params: ActionParams): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      (value as ReadonlyArray<string | number | boolean>).forEach((item, index) => {
        flat[`${key}.${index}`] = String(item);
      });
    } else {
      flat[key] = String(value);
    }
  }
  return flat;
}

/**
 * RFC 3986 percent-encoding: everything but A-Z a-z 0-9 - . _ ~ is encoded, a space as %20 (never '+'),
 * so the same text is right in a query string and in a form body and nothing on the way re-encodes it.
 */
export function encodeWireComponent(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `name=value&...` in the given order, each name and value encoded exactly once. */
export function encodeWireParams(params: ReadonlyArray<readonly [string, string]>): string {
  return params.map(([key, value]) => `${encodeWireComponent(key)}=${encodeWireComponent(value)}`).join('&');
}
