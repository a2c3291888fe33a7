// How the walker turns bytes into words for its messages and summary: hex bytes, key names, module names.

const MODULE_NAME_CHARSET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function hex2(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

/** A key name for messages: quoted, non-printable bytes escaped, "…" when only a prefix was kept. */
export function printableName(bytes: Uint8Array, kept: number, total: number): string {
  if (kept === 0 && total > 0) return `<${total}-byte name>`;
  let out = '';
  for (let i = 0; i < kept; i++) {
    const byte = bytes[i] as number;
    out +=
      byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c ? String.fromCharCode(byte) : `\\x${hex2(byte)}`;
  }
  return `"${out}${total > kept ? '…' : ''}"`;
}

/** Redis's moduleTypeNameByID: 9 characters of 6 bits each above the 10-bit encoding version. */
export function moduleTypeName(high: number, low: number): string {
  const id = (BigInt(high) << 32n) | BigInt(low);
  let name = '';
  for (let i = 0; i < 9; i++) {
    const index = Number((id >> BigInt(10 + (8 - i) * 6)) & 63n);
    name += MODULE_NAME_CHARSET[index] as string;
  }
  return name;
}
