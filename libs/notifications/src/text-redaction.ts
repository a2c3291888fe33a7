// Shortening and redaction of text that leaves the process (event data, delivery details): no URL with its
// query (Tencent's download URLs are bearer credentials in their query), no user:password, no secret.

/** `scheme://[userinfo@]host` then whatever follows up to whitespace or a quote. */
const URL_IN_TEXT = /\b([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(?:[^\s/?#@"'<>]*@)?([^\s/?#"'<>]*)([^\s"'<>]*)/g;

/** Every URL in the text cut down to its scheme and host: a download URL in an error message grants nothing. */
export function redactUrls(text: string): string {
  return text.replace(URL_IN_TEXT, (_match, scheme: string, host: string, rest: string) =>
    rest.length > 0 ? `${scheme}://${host}/…` : `${scheme}://${host}`,
  );
}

/**
 * A storage location (an archive directory, a manifest, a destination) without user:password, query or
 * fragment: the path is what the reader needs, the rest could carry a credential.
 */
export function safeLocation(location: string): string {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(?:[^/?#@]*@)?([^?#]*)/.exec(location);
  if (!match) return location.replace(/[?#].*$/, '');
  return `${match[1]}://${match[2]}`;
}

/** One line of at most `max` characters: control characters and runs of whitespace become one space. */
export function oneLine(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is being removed
  const flat = text.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, Math.max(0, max - 1))}…` : flat;
}

/** Text that may be shown or stored: each secret value replaced, URLs cut to their host, one short line. */
export function redactedSnippet(text: string, secrets: readonly string[], max: number): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join('[redacted]');
  }
  return oneLine(redactUrls(out), max);
}
