import type * as NRecord from 'N/record';
import type { ModuleContext, ModuleFactory } from '../context';
import { nsError } from '../errors';
import { recordUnits, type CostClass } from '../governance';
import type { RecordEngine } from '../records/engine';
import type { EmulatedRecord } from '../records/record';
import type { RecordKind } from '../schema';
import { strict } from './strict-module';

/** The record engine an emulator exposes to N/record. */
export interface RecordModuleServices {
  records: RecordEngine;
}

function costClass(kind: RecordKind): CostClass {
  return kind === 'transaction' ? 'transaction' : kind === 'custom' ? 'custom' : 'other';
}

function typeOf(value: unknown): string {
  if (typeof value !== 'string' || value === '')
    throw nsError('SSS_MISSING_REQD_ARGUMENT', 'Missing a required argument: type');
  return value;
}

function idOf(value: unknown): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0)
    throw nsError('SSS_MISSING_REQD_ARGUMENT', `Missing or invalid argument: id (${String(value)})`);
  return id;
}

/** N/record over the emulator's record engine, charging NetSuite's units per call. */
export function createRecordModuleWith(records: RecordEngine): ModuleFactory<typeof NRecord> {
  return (context: ModuleContext) => {
    const charge = (call: Parameters<typeof recordUnits>[0], type: string): void => {
      context.invocation.charge(`record.${call}`, recordUnits(call, costClass(records.store.kindOf(type))));
    };
    const expose = (record: EmulatedRecord): NRecord.Record => {
      record.saveHandler = (r, options) => {
        records.faults?.beforeSaveCharge(r.type, context.invocation);
        charge('save', r.type);
        return records.save(r, options);
      };
      return strict('Record', record) as unknown as NRecord.Record;
    };
    const module = {
      Type: new Proxy({} as Record<string, string>, {
        get: (_, key) => (typeof key === 'string' ? key.toLowerCase().replace(/_/g, '') : undefined),
      }),
      create: (options: NRecord.RecordCreateOptions) => {
        const type = typeOf(options.type);
        charge('create', type);
        return expose(records.create(type, { isDynamic: options.isDynamic, defaultValues: options.defaultValues }));
      },
      load: (options: NRecord.CopyLoadOptions) => {
        const type = typeOf(options.type);
        charge('load', type);
        return expose(records.load(type, idOf(options.id), { isDynamic: options.isDynamic }));
      },
      copy: (options: NRecord.CopyLoadOptions) => {
        const type = typeOf(options.type);
        charge('copy', type);
        return expose(records.copy(type, idOf(options.id), { isDynamic: options.isDynamic }));
      },
      transform: (options: {
        fromType: string;
        fromId: number | string;
        toType: string;
        isDynamic?: boolean;
        defaultValues?: Record<string, unknown>;
      }) => {
        const toType = typeOf(options.toType);
        charge('transform', toType);
        return expose(
          records.transform(typeOf(options.fromType), idOf(options.fromId), toType, {
            isDynamic: options.isDynamic,
            defaultValues: options.defaultValues,
          }),
        );
      },
      submitFields: (options: NRecord.SubmitFieldsOptions) => {
        const type = typeOf(options.type);
        charge('submitFields', type);
        return records.submitFields(type, idOf(options.id), (options.values ?? {}) as Record<string, unknown>);
      },
      delete: (options: { type: string; id: number | string }) => {
        const type = typeOf(options.type);
        charge('delete', type);
        return records.delete(type, idOf(options.id));
      },
    };
    return strict('N/record', module) as unknown as typeof NRecord;
  };
}
