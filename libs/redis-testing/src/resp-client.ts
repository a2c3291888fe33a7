// A minimal RESP2 client over TCP for the tests (no Redis client is a dependency of this repository).
import { connect, type Socket } from 'node:net';

export type RespReply = string | number | Buffer | null | RespReply[];

export class RespError extends Error {
  override readonly name = 'RespError';
}

/** Parses one reply at `at`; returns it and where it ends, or undefined when more bytes are needed. */
function parse(buf: Buffer, at: number): { value: RespReply | RespError; end: number } | undefined {
  if (at >= buf.length) return undefined;
  const lineEnd = buf.indexOf('\r\n', at);
  if (lineEnd < 0) return undefined;
  const line = buf.toString('utf8', at + 1, lineEnd);
  const next = lineEnd + 2;
  switch (String.fromCharCode(buf[at] as number)) {
    case '+':
      return { value: line, end: next };
    case '-':
      return { value: new RespError(line), end: next };
    case ':':
      return { value: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, end: next };
      if (buf.length < next + length + 2) return undefined;
      return { value: buf.subarray(next, next + length), end: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, end: next };
      const items: RespReply[] = [];
      let end = next;
      for (let i = 0; i < count; i++) {
        const item = parse(buf, end);
        if (!item) return undefined;
        if (item.value instanceof RespError) return { value: item.value, end: item.end };
        items.push(item.value);
        end = item.end;
      }
      return { value: items, end };
    }
    default:
      throw new Error(`not a RESP reply: ${JSON.stringify(buf.toString('latin1', at, at + 20))}`);
  }
}

export class RespClient {
  private buffer = Buffer.alloc(0);
  private readonly waiting: Array<{ resolve: (reply: RespReply) => void; reject: (error: Error) => void }> = [];

  private constructor(private readonly socket: Socket) {
    socket.on('data', (data: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, data]);
      for (;;) {
        const reply = parse(this.buffer, 0);
        if (!reply) break;
        this.buffer = this.buffer.subarray(reply.end);
        const waiter = this.waiting.shift();
        if (!waiter) continue;
        if (reply.value instanceof RespError) waiter.reject(reply.value);
        else waiter.resolve(reply.value);
      }
    });
    const failAll = (error: Error): void => {
      for (const waiter of this.waiting.splice(0)) waiter.reject(error);
    };
    socket.on('error', failAll);
    socket.on('close', () => failAll(new Error('the connection to redis-server closed')));
  }

  static connect(port: number): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => resolve(new RespClient(socket)));
      socket.once('error', reject);
    });
  }

  command(...args: Array<string | number | Buffer>): Promise<RespReply> {
    const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
    for (const arg of args) {
      const bytes = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg), 'utf8');
      parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.socket.write(Buffer.concat(parts));
    });
  }

  /** A reply as text (bulk strings are Buffers). */
  async text(...args: Array<string | number | Buffer>): Promise<string> {
    const reply = await this.command(...args);
    return Buffer.isBuffer(reply) ? reply.toString('utf8') : String(reply);
  }

  close(): void {
    this.socket.destroy();
  }
}
