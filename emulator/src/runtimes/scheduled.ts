import { nsError } from '../errors';
import type { ParamValue } from '../sdf/types';
import { serializeError, type ScriptHost, type SerializedError, type UsageRecord } from './host';

export type ScheduledInvocationType = 'SCHEDULED' | 'ON_DEMAND' | 'USER_INTERFACE' | 'ABORTED' | 'SKIPPED';

const INVOCATION_TYPES: Readonly<Record<ScheduledInvocationType, ScheduledInvocationType>> = Object.freeze({
  SCHEDULED: 'SCHEDULED',
  ON_DEMAND: 'ON_DEMAND',
  USER_INTERFACE: 'USER_INTERFACE',
  ABORTED: 'ABORTED',
  SKIPPED: 'SKIPPED',
});

export interface ScheduledRunOptions {
  scriptId: string;
  deploymentId: string;
  type: ScheduledInvocationType;
  params?: Readonly<Record<string, ParamValue>>;
}

export interface ScheduledRunResult {
  status: 'COMPLETE' | 'FAILED';
  error?: SerializedError;
  usage: UsageRecord;
}

/** Runs a scheduled script's `execute({type})` once (10,000 units). */
export function runScheduled(host: ScriptHost, options: ScheduledRunOptions): ScheduledRunResult {
  const script = host.script(options.scriptId);
  if (script.type !== 'scheduled')
    throw nsError('SSS_INVALID_SCRIPT_ID', `${script.scriptId} is not a scheduled script`);
  const deployment = host.deployment(script, options.deploymentId);
  const begin = { script, deployment, stage: 'execute' };
  const active = host.begin(options.params ? { ...begin, params: options.params } : begin);
  if (!active.has('execute')) {
    const error = nsError('SSS_INVALID_SCRIPT_FILE', `${script.scriptFile} does not export execute`);
    return { status: 'FAILED', error: serializeError(error), usage: active.finish(error) };
  }
  try {
    active.call('execute', [Object.freeze({ type: options.type, InvocationType: INVOCATION_TYPES })]);
  } catch (error) {
    return { status: 'FAILED', error: serializeError(error), usage: active.finish(error) };
  }
  return { status: 'COMPLETE', usage: active.finish() };
}
