import * as path from 'node:path';
import type * as NRecord from 'N/record';
import { NetSuiteEmulator } from '../src/emulator';

const projectDir = path.join(__dirname, 'fixtures/sdf-integration');

async function accountWithCustomers(names: string[], inactive: string[] = []): Promise<NetSuiteEmulator> {
  const emulator = await NetSuiteEmulator.create({ projectDir, options: { shuffleSeed: 7 } });
  const record = emulator.testModules().modules['N/record'] as typeof NRecord;
  for (const name of [...names, ...inactive]) {
    const customer = record.create({ type: 'customer' });
    customer.setValue({ fieldId: 'companyname', value: name });
    customer.setValue({ fieldId: 'subsidiary', value: emulator.base.subsidiary });
    customer.setValue({ fieldId: 'isinactive', value: inactive.includes(name) });
    customer.save();
  }
  return emulator;
}

describe('Map/Reduce with real modules: search input → map → reduce writes records', () => {
  it('marks each active customer once, charging each stage its own units', async () => {
    const emulator = await accountWithCustomers(['Acme', 'Globex', 'Initech'], ['Dormant']);
    const result = emulator.mapReduce({ scriptId: 'customscript_it_mark_mr', deploymentId: 'customdeploy_it_mark_mr' });
    expect(result.status).toBe('COMPLETE');
    const marks = emulator.sql.query(
      'SELECT m.custrecord_it_name AS name, c.companyname AS company FROM customrecord_it_mark m JOIN customer c ON c.id = m.custrecord_it_customer ORDER BY name',
      [],
    ).rows;
    expect(marks).toEqual([
      { name: 'Acme', company: 'Acme' },
      { name: 'Globex', company: 'Globex' },
      { name: 'Initech', company: 'Initech' },
    ]);
    const reduces = emulator.usage().filter((u) => u.stage === 'reduce');
    expect(reduces).toHaveLength(3);
    // Custom record: create 2 + save 4 units per key, within the reduce limit of 5,000.
    expect(reduces.map((u) => [u.units, u.limit])).toEqual([
      [6, 5000],
      [6, 5000],
      [6, 5000],
    ]);
    expect(emulator.services.logs.find((l) => l.title === 'marked')?.details).toBe('3');
  });

  it('a second run fails per key on the duplicate external IDs and reports them in summarize', async () => {
    const emulator = await accountWithCustomers(['Acme', 'Globex']);
    emulator.mapReduce({ scriptId: 'customscript_it_mark_mr', deploymentId: 'customdeploy_it_mark_mr' });
    const again = emulator.mapReduce({ scriptId: 'customscript_it_mark_mr', deploymentId: 'customdeploy_it_mark_mr' });
    expect(again.reduce.errors.map((e) => JSON.parse(e.error).name)).toEqual(['DUP_RCRD', 'DUP_RCRD']);
    expect(emulator.store.list('customrecord_it_mark')).toHaveLength(2);
  });

  it('a RESTlet submits the job with N/task; the scheduler runs it; a second submit while queued fails', async () => {
    const emulator = await accountWithCustomers(['Acme']);
    const submit = (): ReturnType<NetSuiteEmulator['restlet']> =>
      emulator.restlet({
        scriptId: 'customscript_it_submit_rl',
        deploymentId: 'customdeploy_it_submit_rl',
        method: 'POST',
        contentType: 'text/plain',
        body: '',
      });
    const first = submit();
    expect(first.status).toBe(200);
    expect(first.body).toMatch(/^MAPREDUCETASK_/);
    const second = submit();
    expect(second.error?.name).toBe('MAP_REDUCE_ALREADY_RUNNING');
    emulator.scheduler.runQueued();
    expect(emulator.store.list('customrecord_it_mark')).toHaveLength(1);
    expect(emulator.usage().find((u) => u.scriptId === 'customscript_it_submit_rl')?.units).toBe(20);
  });
});
