// 3.0 action parameters: one zod schema per action, built for the two ways parameters arrive (POST JSON
// with its types; GET query strings, which the gateway reads by the parameter's type), and the mapping of a
// failed parse to Tencent's codes: MissingParameter, UnknownParameter (a switch), InvalidParameter (a
// wrong type), InvalidParameterValue (not one of the values), InvalidParameter.InvalidParameter (out of range).
import { z } from 'zod';
import { v3Error, type V3Code, type V3SimError } from './v3-error';

export type ParamSource = 'json' | 'query';
export type UnknownParameterPolicy = 'error' | 'ignore';

/** The field types parameters are made of; GET strings are read as the type says. */
export class ParamKit {
  constructor(
    private readonly source: ParamSource,
    private readonly unknown: UnknownParameterPolicy,
  ) {}

  string() {
    return z.string();
  }

  int(min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
    const int = z.int().min(min).max(max);
    return this.source === 'json'
      ? int
      : z.preprocess((value) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value), int);
  }

  oneOf<const T extends readonly [string, ...string[]]>(values: T) {
    return z.enum(values);
  }

  list<T extends z.ZodType>(item: T) {
    return z.array(item);
  }

  object<T extends z.core.$ZodLooseShape>(shape: T) {
    return this.unknown === 'error' ? z.strictObject(shape) : z.object(shape);
  }
}

function pathName(path: readonly PropertyKey[]): string {
  return path.map((part) => (typeof part === 'number' ? String(part) : String(part))).join('.');
}

/** The first problem of a failed parse, as Tencent's gateway would name it. */
export function paramError(error: z.ZodError): V3SimError {
  const issue = error.issues[0];
  if (!issue) return v3Error('InvalidParameter', 'invalid parameters');
  const name = pathName(issue.path);
  let code: V3Code;
  let message: string;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = [name, issue.keys[0]].filter((part) => part !== '').join('.');
      code = 'UnknownParameter';
      message = `The parameter \`${key}\` is not recognized`;
      break;
    }
    case 'invalid_type':
      if (issue.input === undefined) {
        code = 'MissingParameter';
        message = `The request is missing a required parameter \`${name}\``;
      } else {
        code = 'InvalidParameter';
        message = `The type of parameter \`${name}\` is invalid: expected ${issue.expected}`;
      }
      break;
    case 'invalid_value':
      code = 'InvalidParameterValue';
      message = `The value of parameter \`${name}\` is not one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
      break;
    case 'too_small':
    case 'too_big':
      code = 'InvalidParameter.InvalidParameter';
      message = `The value of parameter \`${name}\` is out of range (${issue.message})`;
      break;
    default:
      code = 'InvalidParameter';
      message = `The parameter \`${name}\` is invalid: ${issue.message}`;
  }
  return v3Error(code, message);
}

/** GET's flat `InstanceIds.0=a&LimitVpc.0.Region=x` back into `{ InstanceIds: ['a'], LimitVpc: [{ Region: 'x' }] }`. */
export function unflattenQuery(query: URLSearchParams): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of query) {
    const parts = key.split('.');
    let node: Record<string, unknown> = root;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) node[part] = value;
      else {
        const next = node[part];
        node = typeof next === 'object' && next !== null ? (next as Record<string, unknown>) : (node[part] = {});
      }
    });
  }
  return arraysOf(root) as Record<string, unknown>;
}

/** Objects whose keys are all indexes become arrays, in index order. */
function arraysOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, arraysOf(item)] as const);
  if (entries.length > 0 && entries.every(([key]) => /^\d+$/.test(key)))
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, item]) => item);
  return Object.fromEntries(entries);
}
