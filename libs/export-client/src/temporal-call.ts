// One operation against Temporal under a deadline, with "Temporal unreachable" turned into the client's
// TemporalUnavailableError (the API answers 503); shared by the export and batch clients.
import { isGrpcServiceError, ServiceError, type Client } from '@temporalio/client';
import { TemporalUnavailableError } from './export-client-errors';

/** gRPC status codes (grpc/status.proto); @grpc/grpc-js is only a transitive dependency here. */
export const GrpcStatus = { UNKNOWN: 2, INVALID_ARGUMENT: 3, DEADLINE_EXCEEDED: 4, UNAVAILABLE: 14 } as const;
const TRANSIENT_GRPC_CODES: readonly number[] = [GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED];

export function grpcCodeOf(error: unknown): number | undefined {
  if (isGrpcServiceError(error)) return error.code;
  if (error instanceof ServiceError && isGrpcServiceError(error.cause)) return error.cause.code;
  return undefined;
}

export async function temporalCall<T>(
  client: Client,
  operation: string,
  timeoutMs: number,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await client.withDeadline(Date.now() + timeoutMs, fn);
  } catch (error) {
    const code = grpcCodeOf(error);
    if (code !== undefined && TRANSIENT_GRPC_CODES.includes(code)) {
      throw new TemporalUnavailableError(operation, { cause: error });
    }
    throw error;
  }
}
