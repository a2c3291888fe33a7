// The pool bounds the part buffers of all transfers: a buffer past the budget waits for one released.
import { describe, expect, it } from 'vitest';
import { PartBufferPool } from './part-buffer-pool';

describe('PartBufferPool', () => {
  it('reuses released buffers and makes a waiter wait for one past the budget', async () => {
    const pool = new PartBufferPool(3000);
    const a = await pool.acquire(1000);
    const b = await pool.acquire(1000);
    await pool.acquire(1000);
    let granted: Buffer | null = null;
    const waiting = pool.acquire(1000).then((buffer) => (granted = buffer));
    await Promise.resolve();
    expect(granted).toBeNull();
    expect(pool.allocatedBytes).toBe(3000);
    pool.release(a);
    await waiting;
    expect(granted).toBe(a);
    pool.release(b);
    expect(await pool.acquire(1000)).toBe(b);
    expect(pool.allocatedBytes).toBe(3000);
  });

  it('gives free buffers of another size back before making a new one, and lets a lone huge part through', async () => {
    const pool = new PartBufferPool(2000);
    pool.release(await pool.acquire(2000));
    const other = await pool.acquire(1000);
    expect(other.length).toBe(1000);
    expect(pool.allocatedBytes).toBe(1000);
    pool.release(other);
    const huge = new PartBufferPool(10);
    expect((await huge.acquire(100)).length).toBe(100);
  });

  it('stops waiting when the signal aborts', async () => {
    const pool = new PartBufferPool(10);
    await pool.acquire(10);
    const controller = new AbortController();
    const waiting = pool.acquire(10, controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });
});
