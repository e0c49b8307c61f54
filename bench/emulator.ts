// `npm run bench`: the emulator's own cost, so later benchmarks know their floor.
import { performance } from 'node:perf_hooks';
import type { ModuleContext } from '../emulator/src/context';
import { Invocation } from '../emulator/src/governance';
import { createRecordModuleWith } from '../emulator/src/modules/record';
import { seedBaseAccount } from '../emulator/src/records/baseAccount';
import { RecordEngine } from '../emulator/src/records/engine';
import { STANDARD_RECORD_TYPES } from '../emulator/src/records/standard';
import { SchemaRegistry } from '../emulator/src/schema';
import { Store } from '../emulator/src/store';

export interface BenchRow {
  name: string;
  operations: number;
  seconds: number;
  perSecond: number;
}

function measure(name: string, operations: number, run: () => void): BenchRow {
  const start = performance.now();
  run();
  const seconds = (performance.now() - start) / 1000;
  return { name, operations, seconds: Number(seconds.toFixed(3)), perSecond: Math.round(operations / seconds) };
}

export function benchRecords(count = 2000): BenchRow[] {
  const store = new Store(new SchemaRegistry(STANDARD_RECORD_TYPES));
  const base = seedBaseAccount(store);
  const engine = new RecordEngine(store, base.accounts, () => new Date());
  const record = createRecordModuleWith(engine)({
    invocation: new Invocation('test', Number.MAX_SAFE_INTEGER),
  } as unknown as ModuleContext);
  const income = String(store.insert('account', { fields: { acctname: 'Income', accttype: 'Income' }, sublists: {} }));
  const item = record.create({ type: 'serviceitem' });
  item.setValue({ fieldId: 'itemid', value: 'Plan' });
  item.setValue({ fieldId: 'incomeaccount', value: income });
  const itemId = item.save();
  const customers: number[] = [];
  const invoices: number[] = [];
  const rows: BenchRow[] = [];
  rows.push(
    measure('customer create+save', count, () => {
      for (let i = 0; i < count; i++) {
        const c = record.create({ type: 'customer' });
        c.setValue({ fieldId: 'companyname', value: `Customer ${i}` });
        c.setValue({ fieldId: 'subsidiary', value: base.subsidiary });
        c.setValue({ fieldId: 'externalid', value: `cus_${i}` });
        customers.push(c.save());
      }
    }),
  );
  rows.push(
    measure('invoice create+save (2 lines)', count, () => {
      for (let i = 0; i < count; i++) {
        const inv = record.create({ type: 'invoice' });
        inv.setValue({ fieldId: 'entity', value: customers[i] as number });
        for (const line of [0, 1]) {
          inv.insertLine({ sublistId: 'item', line });
          inv.setSublistValue({ sublistId: 'item', fieldId: 'item', line, value: itemId });
          inv.setSublistValue({ sublistId: 'item', fieldId: 'amount', line, value: 10 + line });
        }
        invoices.push(inv.save());
      }
    }),
  );
  rows.push(
    measure('invoice load', count, () => {
      for (const id of invoices) record.load({ type: 'invoice', id });
    }),
  );
  rows.push(
    measure('invoice → payment transform+save', count, () => {
      for (const id of invoices)
        record.transform({ fromType: 'invoice', fromId: id, toType: 'customerpayment' }).save();
    }),
  );
  return rows;
}

if (require.main === module) {
  console.table(benchRecords(Number(process.argv[2] ?? 2000)));
}
