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
import { SuiteQLEngine } from '../emulator/src/suiteql/engine';
import { NetSuiteEmulator } from '../emulator/src/emulator';

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

/** SuiteQL over a store of `count` customers: point lookups by external ID, and a grouped scan. */
export async function benchSuiteQL(count = 2000, queries = 1000): Promise<BenchRow[]> {
  const store = new Store(new SchemaRegistry(STANDARD_RECORD_TYPES));
  const base = seedBaseAccount(store);
  for (let i = 0; i < count; i++) {
    store.insert('customer', {
      fields: { companyname: `Customer ${i}`, subsidiary: base.subsidiary, externalid: `cus_${i}`, isinactive: false },
      sublists: {},
    });
  }
  const sql = await SuiteQLEngine.create(store);
  const rows: BenchRow[] = [];
  rows.push(
    measure(`SuiteQL first query (builds ${count} rows)`, 1, () => sql.query('SELECT COUNT(*) AS n FROM customer', [])),
  );
  rows.push(
    measure('SuiteQL lookup by externalid', queries, () => {
      for (let i = 0; i < queries; i++) sql.query('SELECT id FROM customer WHERE externalid = ?', [`cus_${i % count}`]);
    }),
  );
  rows.push(
    measure('SuiteQL write then read (incremental refresh)', queries, () => {
      for (let i = 0; i < queries; i++) {
        const id = store.insert('customer', {
          fields: { companyname: `New ${i}`, subsidiary: base.subsidiary, isinactive: false },
          sublists: {},
        });
        sql.query('SELECT companyname FROM customer WHERE id = ?', [id]);
      }
    }),
  );
  return rows;
}

/** The cost of one RESTlet invocation through the runtime (fresh realm and modules), on the real project. */
export async function benchRestlet(calls = 200): Promise<BenchRow[]> {
  const emulator = await NetSuiteEmulator.create({ projectDir: 'src' });
  return [
    measure('RESTlet invocation (info RESTlet)', calls, () => {
      for (let i = 0; i < calls; i++)
        emulator.restlet({
          scriptId: 'customscript_snc_info_rl',
          deploymentId: 'customdeploy_snc_info_rl',
          method: 'GET',
        });
    }),
  ];
}

if (require.main === module) {
  const count = Number(process.argv[2] ?? 2000);
  void (async () => {
    console.log('NetSuite emulator: its own cost (the floor under every connector benchmark)');
    console.table([...benchRecords(count), ...(await benchSuiteQL(count)), ...(await benchRestlet())]);
  })();
}
