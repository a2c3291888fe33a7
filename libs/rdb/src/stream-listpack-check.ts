// Validates one listpack of a stream as Redis's streamValidateListpackIntegrity does in deep mode: the
// master entry (count, deleted, fields, 0) and then every entry's flags, ID deltas, fields and lp-count.
import { invalid, type CompactCheck } from './compact-check';
import { checkListpack, listpackInteger } from './listpack-check';

const SAME_FIELDS = 2;

/** What the next listpack entry must be. */
type Expect =
  | 'count'
  | 'deleted'
  | 'master-fields'
  | 'master-field'
  | 'master-zero'
  | 'flags'
  | 'ms'
  | 'seq'
  | 'fields'
  | 'field-or-value'
  | 'lp-count'
  | 'nothing';

export function checkStreamListpack(lp: Uint8Array): CompactCheck {
  let expect = 'count' as Expect;
  let entriesLeft = 0;
  let masterFields = 0;
  let remaining = 0; // master fields, or fields/values of the current entry, still to come
  let fields = 0;
  let elements = 0; // elements of the current entry so far (what lp-count must say)

  const needInteger = (lpBytes: Uint8Array, at: number, what: string): number | string => {
    const v = listpackInteger(lpBytes, at);
    return v === undefined ? `the stream ${what} is not an integer` : v;
  };

  const afterEntry = (): void => {
    entriesLeft--;
    expect = entriesLeft > 0 ? 'flags' : 'nothing';
  };

  const result = checkListpack(lp, 1, (bytes, at) => {
    switch (expect) {
      case 'count':
      case 'deleted':
      case 'master-fields': {
        const v = needInteger(bytes, at, expect === 'master-fields' ? 'master field count' : `master ${expect}`);
        if (typeof v === 'string') return v;
        if (v < 0) return `the stream master ${expect} is negative`;
        if (expect === 'count') {
          entriesLeft = v;
          expect = 'deleted';
        } else if (expect === 'deleted') {
          entriesLeft += v;
          expect = 'master-fields';
        } else {
          masterFields = v;
          remaining = v;
          expect = v > 0 ? 'master-field' : 'master-zero';
        }
        return undefined;
      }
      case 'master-field':
        remaining--;
        if (remaining === 0) expect = 'master-zero';
        return undefined;
      case 'master-zero': {
        const v = needInteger(bytes, at, 'master entry terminator');
        if (typeof v === 'string') return v;
        if (v !== 0) return `the stream master entry does not end with 0`;
        expect = entriesLeft > 0 ? 'flags' : 'nothing';
        return undefined;
      }
      case 'flags': {
        const v = needInteger(bytes, at, 'entry flags');
        if (typeof v === 'string') return v;
        elements = 1;
        fields = (v & SAME_FIELDS) !== 0 ? -1 : 0;
        expect = 'ms';
        return undefined;
      }
      case 'ms':
      case 'seq': {
        const v = needInteger(bytes, at, `entry ID ${expect} delta`);
        if (typeof v === 'string') return v;
        elements++;
        if (expect === 'ms') {
          expect = 'seq';
        } else if (fields < 0) {
          fields = masterFields;
          remaining = masterFields;
          expect = remaining > 0 ? 'field-or-value' : 'lp-count';
        } else {
          expect = 'fields';
        }
        return undefined;
      }
      case 'fields': {
        const v = needInteger(bytes, at, 'entry field count');
        if (typeof v === 'string') return v;
        if (v < 0) return `the stream entry field count is negative`;
        elements++;
        fields = v;
        remaining = 2 * v;
        expect = remaining > 0 ? 'field-or-value' : 'lp-count';
        return undefined;
      }
      case 'field-or-value':
        elements++;
        remaining--;
        if (remaining === 0) expect = 'lp-count';
        return undefined;
      case 'lp-count': {
        const v = needInteger(bytes, at, 'entry lp-count');
        if (typeof v === 'string') return v;
        if (v !== elements) return `the stream entry lp-count is ${v}, the entry has ${elements} elements`;
        afterEntry();
        return undefined;
      }
      case 'nothing':
        return `the stream listpack has entries after its last one`;
    }
  });
  if (!result.ok) return result;
  if (result.entries === 0) return invalid(6, `the stream listpack is empty`);
  if (expect !== 'nothing')
    return invalid(lp.length - 1, `the stream listpack ends before its entries do (expecting ${expect})`);
  return result;
}
