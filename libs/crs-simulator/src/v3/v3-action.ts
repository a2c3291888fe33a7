// What a 3.0 action is: its parameters' schema, whether it changes the account (the state file is written
// after it), and its handler over the simulated account.
import type { z } from 'zod';
import type { SimInstance, SimulatorState, SimBackup } from '../simulator-state';
import type { CosUrlSigner } from '../cos-url';
import type { V3ActionName } from './v3-action-names';
import { v3Error } from './v3-error';
import { ParamKit, paramError, type ParamSource, type UnknownParameterPolicy } from './v3-params';
import type { V3Settings } from './v3-settings';

export interface V3Context {
  state: SimulatorState;
  settings: V3Settings;
  cos: CosUrlSigner;
  /** Short (`gz`) and long (`ap-guangzhou`) names of X-TC-Region. */
  region: string;
  regionLong: string;
  /** Simulated clock, epoch ms. */
  now: number;
  /** Where download URLs point: the simulator's own address, as the COS host. */
  downloadBase: string;
}

export interface V3ActionDefinition<P> {
  name: V3ActionName;
  mutates: boolean;
  params: (kit: ParamKit) => z.ZodType<P>;
  handle: (context: V3Context, params: P) => Record<string, unknown>;
}

export interface V3Action {
  name: V3ActionName;
  mutates: boolean;
  /** Validates the raw parameters (throws the 3.0 error), then runs the handler. */
  run: (
    context: V3Context,
    raw: unknown,
    source: ParamSource,
    unknown: UnknownParameterPolicy,
  ) => Record<string, unknown>;
}

export function defineV3Action<P>(definition: V3ActionDefinition<P>): V3Action {
  const schemas = new Map<string, z.ZodType<P>>();
  const schemaFor = (source: ParamSource, unknown: UnknownParameterPolicy): z.ZodType<P> => {
    const key = `${source}/${unknown}`;
    let schema = schemas.get(key);
    if (!schema) {
      schema = definition.params(new ParamKit(source, unknown));
      schemas.set(key, schema);
    }
    return schema;
  };
  return {
    name: definition.name,
    mutates: definition.mutates,
    run: (context, raw, source, unknown) => {
      const parsed = schemaFor(source, unknown).safeParse(raw, { reportInput: true });
      if (!parsed.success) throw paramError(parsed.error);
      return definition.handle(context, parsed.data);
    },
  };
}

/** The instance in the request's region, or ResourceNotFound.InstanceNotExists. */
export function instanceOf(context: V3Context, instanceId: string): SimInstance {
  const instance = context.state.instanceIn(context.region, instanceId);
  if (!instance)
    throw v3Error(
      'ResourceNotFound.InstanceNotExists',
      `instance ${instanceId} does not exist in region ${context.regionLong}`,
    );
  return instance;
}

/** The instance's backup, or InvalidParameterValue.BackupNotExists. */
export function backupOf(context: V3Context, instance: SimInstance, backupId: string): SimBackup {
  const backup = context.state.backupOf(instance, backupId);
  if (!backup)
    throw v3Error(
      'InvalidParameterValue.BackupNotExists',
      `backup ${backupId} does not exist for instance ${instance.profile.redisId}`,
    );
  return backup;
}
