// The one place that says how key-holding objects present themselves to util.inspect (console.log, loggers).
export const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

/** A printable form of an untrusted string (a key id read from a payload, a field name): quoted, capped. */
export function quoteUntrusted(value: string, max = 64): string {
  const capped = value.length > max ? `${value.slice(0, max)}...` : value;
  return JSON.stringify(capped);
}
