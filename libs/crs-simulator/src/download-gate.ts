// The "download" key's API-like faults, before a file is served: latency, no answer (timeout), an HTTP
// error status, or the connection closed before the headers (dropResponse).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decideFault, DOWNLOAD_FAULT_KEY } from './fault-decision';
import type { FaultKind } from './fault-schema';
import { delay, holdWithoutAnswer, type HeldSockets } from './http-io';
import type { SimulatorCore } from './simulator-core';

export type GateResult = { served: false } | { served: true; fault: FaultKind; httpStatus: number | null };

export async function downloadGate(
  core: SimulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  options: HeldSockets,
  sendError: (status: number) => void,
): Promise<GateResult> {
  const fault = decideFault(core.faults, DOWNLOAD_FAULT_KEY, 'v3', core.random);
  if (fault.latencyMs > 0) await delay(fault.latencyMs);
  switch (fault.kind) {
    case 'timeout':
      holdWithoutAnswer(req, res, options);
      return { served: true, fault: 'timeout', httpStatus: null };
    case 'httpError': {
      const status = Number(fault.code ?? 502);
      sendError(status);
      return { served: true, fault: 'httpError', httpStatus: status };
    }
    case 'dropResponse':
      req.socket.destroy();
      return { served: true, fault: 'dropResponse', httpStatus: null };
    case 'error':
    case null:
      return { served: false };
  }
}
