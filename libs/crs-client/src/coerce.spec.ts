// Numbers that arrive as numeric strings, and nothing else taken for a number.
import { describe, expect, it } from 'vitest';
import { coerceNumber, coerceNumericFields, coerceString } from './coerce';

describe('coerceNumber', () => {
  it.each([
    [0, 0],
    ['0', 0],
    ['5100', 5100],
    [' 2 ', 2],
    ['-1', -1],
    ['400151', 400151],
    ['1.5', 1.5],
  ])('reads %j as %j', (input, expected) => {
    expect(coerceNumber(input)).toBe(expected);
  });

  it.each(['', 'abc', '12abc', '0x10', '1e3', null, undefined, true, NaN, Infinity, {}, []])('refuses %j', (input) => {
    expect(coerceNumber(input)).toBeUndefined();
  });
});

describe('coerceString and coerceNumericFields', () => {
  it('reads numbers as text and refuses other things', () => {
    expect(coerceString(42)).toBe('42');
    expect(coerceString('x')).toBe('x');
    expect(coerceString(null)).toBeUndefined();
  });

  it('converts only the named fields, and only when they are numeric', () => {
    const input = { status: '2', typeId: 'cluster', redisId: '123', size: 5 };
    expect(coerceNumericFields(input, ['status', 'typeId', 'size'])).toEqual({
      status: 2,
      typeId: 'cluster',
      redisId: '123',
      size: 5,
    });
    expect(input.status).toBe('2');
  });
});
