// Payloads read straight from Temporal's service API (memos of a list, heartbeat details, a start event's
// input) are still encoded: run them back through the client's codecs (in reverse) and its payload converter.
import type { Client } from '@temporalio/client';
import type { LoadedDataConverter, Payload } from '@temporalio/common';

/** The first of `payloads` as a value; undefined when there is none. Throws when it cannot be decoded. */
export async function decodeFirstPayload(
  converter: LoadedDataConverter,
  payloads: readonly Payload[] | null | undefined,
): Promise<unknown> {
  if (!payloads || payloads.length === 0) return undefined;
  let decoded = [...payloads];
  for (const codec of [...converter.payloadCodecs].reverse()) decoded = await codec.decode(decoded);
  const [first] = decoded;
  return first ? converter.payloadConverter.fromPayload(first) : undefined;
}

export function converterOf(client: Client): LoadedDataConverter {
  return client.options.loadedDataConverter;
}
