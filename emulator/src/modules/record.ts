import type * as NRecord from 'N/record';
import { requireLevel } from '../access';
import type { ModuleContext, ModuleFactory } from '../context';
import { nsError } from '../errors';
import { recordUnits, type CostClass } from '../governance';
import type { RecordEngine } from '../records/engine';
import type { EmulatedRecord } from '../records/record';
import type { RecordKind } from '../schema';
import type { CustomRecordTypeDef, PermissionLevel } from '../sdf/types';
import { cloneRecord, type StoredRecord } from '../store';
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

/**
 * A loaded record as a concurrent Map/Reduce key read it, before another key's save: that image's body
 * fields, script-entered lines and version, so saving it fails with RCRD_HAS_BEEN_CHANGED like any save
 * of a stale copy. Lists NetSuite fills (apply, deposit payments) stay as loaded now.
 */
function asReadEarlier(record: EmulatedRecord, earlier: StoredRecord | undefined): EmulatedRecord {
  if (!earlier) return record;
  const image = cloneRecord(earlier);
  record.fields = image.fields;
  for (const [sublistId, lines] of Object.entries(image.sublists)) {
    if (!record.def.sublists[sublistId]?.systemFilled) record.sublists[sublistId] = lines;
  }
  record.version = image.version;
  return record;
}

/** N/record over the emulator's record engine, charging NetSuite's units per call. */
export function createRecordModuleWith(records: RecordEngine): ModuleFactory<typeof NRecord> {
  return (context: ModuleContext) => {
    const charge = (call: Parameters<typeof recordUnits>[0], type: string): void => {
      context.invocation.charge(`record.${call}`, recordUnits(call, costClass(records.store.kindOf(type))));
    };
    // The running role's permissions: view to load, create for new records, edit to change, full to delete.
    const permit = (type: string, level: PermissionLevel): void => {
      if (!context.role) return;
      const def = records.store.schemas.find(type);
      if (def?.kind === 'custom') {
        const custom = def as CustomRecordTypeDef;
        if (custom.accessType === undefined) return; // defined by a test, not by the SDF project
        requireLevel(context.role, type, level, custom);
      } else requireLevel(context.role, type, level);
    };
    const expose = (record: EmulatedRecord): NRecord.Record => {
      record.saveHandler = (r, options) => {
        permit(r.type, r.id === null ? 'CREATE' : 'EDIT');
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
        permit(type, 'CREATE');
        charge('create', type);
        return expose(records.create(type, { isDynamic: options.isDynamic, defaultValues: options.defaultValues }));
      },
      load: (options: NRecord.CopyLoadOptions) => {
        const type = typeOf(options.type);
        permit(type, 'VIEW');
        charge('load', type);
        const loaded = records.load(type, idOf(options.id), { isDynamic: options.isDynamic });
        // Record-only contexts (tests of N/record alone) come without account services.
        const services = context.services as ModuleContext['services'] | undefined;
        return expose(asReadEarlier(loaded, services?.concurrentReads?.(loaded.type, loaded.id ?? 0)));
      },
      copy: (options: NRecord.CopyLoadOptions) => {
        const type = typeOf(options.type);
        permit(type, 'CREATE');
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
        permit(typeOf(options.fromType), 'VIEW');
        permit(toType, 'CREATE');
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
        permit(type, 'EDIT');
        charge('submitFields', type);
        return records.submitFields(type, idOf(options.id), (options.values ?? {}) as Record<string, unknown>);
      },
      delete: (options: { type: string; id: number | string }) => {
        const type = typeOf(options.type);
        permit(type, 'FULL');
        charge('delete', type);
        return records.delete(type, idOf(options.id));
      },
    };
    return strict('N/record', module) as unknown as typeof NRecord;
  };
}
