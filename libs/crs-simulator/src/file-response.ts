// Serves one backup file over HTTP for both download routes: Content-Length, single byte ranges (206,
// 416), HEAD, and the download body faults (a flipped bit, a truncated body, a wrong CRC trailer, a
// wrong Content-Length, a connection dropped mid-body, a slow body), applied at positions of the whole file.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileStream, type BackupFile } from './backup-files';
import { parseRange } from './byte-range';
import type { DownloadFault } from './fault-schema';
import { delay } from './http-io';

export interface FileAnswer {
  httpStatus: number;
  /** Bytes of the body actually sent (what a fault left of it). */
  bytes: number;
}

export interface FileResponseOptions {
  headers: Record<string, string>;
  fault: DownloadFault | null;
  /** Answers a refusal in the route's own format (COS XML, v2 JSON). */
  refuse: (status: number, code: string, message: string, headers?: Record<string, string>) => void;
  /** Called once the status line is out, before the body: the call is logged then, not when the body ends. */
  onStart: (httpStatus: number) => void;
}

const SLOW_PIECE_BYTES = 16 * 1024;
const DEFAULT_BYTES_PER_SECOND = 65_536;
const DEFAULT_LENGTH_DELTA = 16;

/** The window [start, end) of the file, with the fault's byte changes, in the order the file is made. */
async function* windowOf(
  file: BackupFile,
  start: number,
  end: number,
  fault: DownloadFault | null,
): AsyncGenerator<Buffer> {
  const size = file.sizeBytes;
  const at = Math.min(size - 1, Math.floor(size * (fault?.atFraction ?? 0.5)));
  const flips: Array<{ offset: number; mask: number }> =
    fault?.fault === 'flipBit'
      ? [{ offset: at, mask: 0x10 }]
      : fault?.fault === 'badCrc'
        ? [{ offset: size - 8, mask: 0xff }]
        : [];
  let offset = 0;
  for await (const raw of fileStream(file)) {
    const chunk = raw as Buffer;
    const chunkStart = offset;
    offset += chunk.length;
    if (offset <= start) continue;
    if (chunkStart >= end) break;
    let piece = chunk.subarray(Math.max(0, start - chunkStart), Math.min(chunk.length, end - chunkStart));
    const pieceStart = Math.max(start, chunkStart);
    for (const flip of flips) {
      if (flip.offset >= pieceStart && flip.offset < pieceStart + piece.length) {
        // The generator may reuse its buffers: change a copy.
        piece = Buffer.from(piece);
        piece[flip.offset - pieceStart] = (piece[flip.offset - pieceStart] as number) ^ flip.mask;
      }
    }
    yield piece;
  }
}

function closedOrDrained(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const onDrain = (): void => {
      res.off('close', onClose);
      resolve(true);
    };
    const onClose = (): void => {
      res.off('drain', onDrain);
      resolve(false);
    };
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}

/** Writes with backpressure; false if the client went away (or making the file failed: the answer is cut). */
async function writeAll(res: ServerResponse, chunks: AsyncIterable<Buffer>, bytesPerSecond?: number): Promise<boolean> {
  try {
    for await (const chunk of chunks) {
      const pieces: Buffer[] = [];
      if (bytesPerSecond === undefined) pieces.push(chunk);
      else
        for (let i = 0; i < chunk.length; i += SLOW_PIECE_BYTES) pieces.push(chunk.subarray(i, i + SLOW_PIECE_BYTES));
      for (const piece of pieces) {
        if (res.destroyed) return false;
        if (!res.write(piece) && !(await closedOrDrained(res))) return false;
        if (bytesPerSecond !== undefined) await delay((piece.length / bytesPerSecond) * 1000);
      }
    }
    return true;
  } catch {
    // The headers are out: all that is left to say is that the body is incomplete.
    res.destroy();
    return false;
  }
}

/** Closes the connection once what was written has left, so the client sees the body end early. */
function cutConnection(res: ServerResponse): void {
  res.write('', () => res.socket?.destroy());
}

export async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: BackupFile,
  options: FileResponseOptions,
): Promise<FileAnswer> {
  const size = file.sizeBytes;
  const range = parseRange(req.headers.range, size);
  if (range.kind === 'unsatisfiable') {
    options.refuse(416, 'InvalidRange', `The requested range is not satisfiable (the object has ${size} bytes)`, {
      'content-range': `bytes */${size}`,
    });
    options.onStart(416);
    return { httpStatus: 416, bytes: 0 };
  }
  const { fault } = options;
  const start = range.kind === 'part' ? range.start : 0;
  let end = range.kind === 'part' ? range.end + 1 : size;
  // A truncated body is a complete answer of fewer bytes: its headers agree with it.
  if (fault?.fault === 'truncate') end = Math.max(start, Math.min(end, Math.floor(size * (fault.atFraction ?? 0.5))));
  const announced =
    fault?.fault === 'wrongContentLength'
      ? Math.max(0, end - start + (fault.lengthDelta ?? DEFAULT_LENGTH_DELTA))
      : end - start;
  // Announcing fewer bytes: only those are sent (a client could not tell the rest from the next answer);
  // announcing more: the whole file is sent, and the client waits for bytes that never come.
  if (announced < end - start) end = start + announced;
  const length = end - start;
  const status = range.kind === 'part' ? 206 : 200;
  res.writeHead(status, {
    ...options.headers,
    'content-type': 'application/octet-stream',
    'content-length': String(announced),
    'accept-ranges': 'bytes',
    ...(range.kind === 'part' ? { 'content-range': `bytes ${start}-${Math.max(start, end - 1)}/${size}` } : {}),
    ...(fault?.fault === 'wrongContentLength' || fault?.fault === 'dropConnection' ? { connection: 'close' } : {}),
  });
  options.onStart(status);
  if (req.method === 'HEAD') {
    res.end();
    return { httpStatus: status, bytes: 0 };
  }
  if (fault?.fault === 'dropConnection') {
    const cut = Math.max(start, Math.min(end, Math.floor(size * (fault.atFraction ?? 0.5))));
    await writeAll(res, windowOf(file, start, cut, null));
    cutConnection(res);
    return { httpStatus: status, bytes: cut - start };
  }
  const completed = await writeAll(
    res,
    windowOf(file, start, end, fault),
    fault?.fault === 'slow' ? (fault.bytesPerSecond ?? DEFAULT_BYTES_PER_SECOND) : undefined,
  );
  if (!completed) return { httpStatus: status, bytes: 0 };
  if (fault?.fault === 'wrongContentLength') cutConnection(res);
  else res.end();
  return { httpStatus: status, bytes: length };
}
