// The HTTP headers of a webhook delivery: their names (one definition for sender and receiver) and values.

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">[,v1=...]`. */
export const SIGNATURE_HEADER = 'Crs-Export-Signature';
/** The event's id: the same on every delivery of one event, so receivers can de-duplicate. */
export const EVENT_ID_HEADER = 'Crs-Export-Event-Id';
/** The event's type, e.g. `export.failed`, so receivers can route before parsing the body. */
export const EVENT_TYPE_HEADER = 'Crs-Export-Event-Type';

export const WEBHOOK_USER_AGENT = 'crs-export-webhooks/1';

/** The only scheme so far; a later one would travel beside it (`v2=`), and receivers ignore what they do not know. */
export const SIGNATURE_SCHEME = 'v1';
