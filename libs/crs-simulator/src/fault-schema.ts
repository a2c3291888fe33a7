// The fault configuration (`PUT /_sim/faults`): per action name, or "*" for every API action, plus the
// "download" key for the RDB downloads and their body faults. One zod schema validates it and gives its
// types; a bad configuration is refused with every problem named (FaultConfigError).
import { z } from 'zod';
import { intIn, list, numberIn, oneOf, problemsOf, rate, record, text } from './schema-fields';

/** A 3.0 error code as Tencent writes them: `RequestLimitExceeded`, `ResourceUnavailable.BackupStatusInvalid`. */
const V3_CODE_PATTERN = /^[A-Z][A-Za-z0-9]*(\.[A-Za-z0-9]+)*$/;

const errorCode = z.union([intIn(1, 99999), text().regex(V3_CODE_PATTERN)], {
  error: () => 'expected a v2 code (a number) or a 3.0 code (e.g. "InternalError")',
});

const latency = z
  .union(
    [
      numberIn(0, 600_000, 'milliseconds'),
      z.tuple([numberIn(0, 600_000, 'milliseconds'), numberIn(0, 600_000, 'milliseconds')]),
    ],
    {
      error: () => 'expected milliseconds (0-600000) or [min, max]',
    },
  )
  .refine((value) => typeof value === 'number' || value[0] <= value[1], {
    error: () => 'expected milliseconds (0-600000) or [min, max] with min <= max',
  });

export const DOWNLOAD_FAULT_KINDS = [
  'flipBit',
  'truncate',
  'badCrc',
  'wrongContentLength',
  'dropConnection',
  'slow',
] as const;
export type DownloadFaultKind = (typeof DOWNLOAD_FAULT_KINDS)[number];

/** One body fault of downloads: which files it hits, how often, and where. */
const downloadFaultSchema = record({
  fault: oneOf(DOWNLOAD_FAULT_KINDS),
  /** Only downloads of this API's URLs. */
  api: oneOf(['v2', 'v3']).optional(),
  redisId: text().optional(),
  backupId: text().optional(),
  /** 1-based shard (a v2 file is shard 1). */
  shard: intIn(1, 128).optional(),
  /** Probability per matching download; default 1. */
  rate: rate.optional(),
  /** Fires at most this many times (1: one-shot), then the downloads are fine; default unlimited. */
  times: intIn(1, 1_000_000).optional(),
  /** Where in the file (0-1 of its size) the bit flips, the body stops or the connection drops; default 0.5. */
  atFraction: numberIn(0, 1, 'a fraction from 0 to 1').optional(),
  /** slow: body rate; default 65536. */
  bytesPerSecond: intIn(1, 1_000_000_000).optional(),
  /** wrongContentLength: announced minus real length; default 16 (the client waits for bytes that never come). */
  lengthDelta: intIn(-1_000_000_000, 1_000_000_000)
    .refine((n) => n !== 0, { error: () => 'expected a non-zero delta' })
    .optional(),
});

const faultSpecSchema = record({
  /** Probability of answering with an API error (HTTP 200) instead of doing the call. */
  errorRate: rate.optional(),
  /** v2 numbers for v2 calls, 3.0 strings for 3.0 calls; default [6000] / ["InternalError"]. */
  errorCodes: list(errorCode, 'a non-empty array of codes')
    .min(1, { error: () => 'expected a non-empty array of codes' })
    .optional(),
  /** Probability of an HTTP error status (no effect; plain text, HTML for 3.0, XML for downloads). */
  httpErrorRate: rate.optional(),
  /** Default [502]. */
  httpStatuses: list(intIn(400, 599), 'a non-empty array of statuses 400-599')
    .min(1, { error: () => 'expected a non-empty array of statuses 400-599' })
    .optional(),
  /** Added before the call is handled: a fixed delay, or [min, max] for a random one. */
  latencyMs: latency.optional(),
  /** Probability of no answer at all: the socket stays open until the client gives up (or holdMs passes). */
  timeoutRate: rate.optional(),
  /** Probability that the call takes effect and then the connection is destroyed before the answer. */
  dropResponseRate: rate.optional(),
  /** "download" only: faults in the bodies of the files. */
  files: list(downloadFaultSchema).optional(),
});

const faultConfigSchema = z
  .record(z.string(), faultSpecSchema, { error: () => 'expected an object keyed by action name, "*" or "download"' })
  .superRefine((config, ctx) => {
    for (const [key, spec] of Object.entries(config)) {
      if (key !== 'download' && spec.files !== undefined)
        ctx.addIssue({ code: 'custom', path: [key, 'files'], message: 'only the "download" key takes file faults' });
      if (key === 'download')
        for (const field of ['errorRate', 'errorCodes'] as const)
          if (spec[field] !== undefined)
            ctx.addIssue({ code: 'custom', path: [key, field], message: 'downloads answer no API codes' });
    }
  });

export type FaultConfig = z.output<typeof faultConfigSchema>;
export type FaultSpec = FaultConfig[string];
export type DownloadFault = NonNullable<FaultSpec['files']>[number];
/** What an injected API fault was, in the call log. */
export type FaultKind = 'timeout' | 'httpError' | 'error' | 'dropResponse';

export class FaultConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid faults:\n  - ${problems.join('\n  - ')}`);
    this.name = 'FaultConfigError';
  }
}

/** Validates a fault configuration from JSON; throws FaultConfigError listing every problem. */
export function parseFaultConfig(input: unknown): FaultConfig {
  const result = faultConfigSchema.safeParse(input);
  if (!result.success) throw new FaultConfigError(problemsOf(result.error, 'faults'));
  return result.data;
}
