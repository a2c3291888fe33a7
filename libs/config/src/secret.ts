// A value that must never be printed: it hides itself from JSON, util.inspect and string conversion.
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The only way to read the value; call it where the secret is used, never to log. */
  reveal(): string {
    return this.#value;
  }

  toJSON(): string {
    return '[redacted]';
  }

  toString(): string {
    return '[redacted]';
  }

  [inspectSymbol](): string {
    return 'Secret([redacted])';
  }
}
