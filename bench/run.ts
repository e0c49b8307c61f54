// `npm run bench`: every benchmark, printed as tables. Figures, not pass/fail: see each section's target.
import { benchRecords, benchRestlet, benchSuiteQL } from './emulator';
import { benchIngress } from './ingress';
import { benchFlows } from './flows';
import { benchPayout } from './payouts';
import { benchCurrencyMonth } from './currencies';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 2000);
  console.log('NetSuite emulator: its own cost (the floor under every connector benchmark)');
  console.table([...benchRecords(count), ...(await benchSuiteQL(count)), ...(await benchRestlet())]);
  const ingress = await benchIngress(200);
  console.log('\nWebhook ingress: cost per received event (target: store-only ≤ 10 units, 1 write, no search)');
  console.table(ingress.paths);
  console.log(`RESTlet calls per event through the relay: ${ingress.restletCallsPerEvent}`);
  console.log('\nPayout → deposit (target: under 300 units beyond the deposit create and save for 1,000 transactions)');
  console.table([await benchPayout(1000), await benchPayout(1000, true)]);
  console.log(
    '\nBooking flows, realtime: units per event type; flow units = event units − ingress; floor = the booking writes',
  );
  console.log(
    'the event made + the reads no payload can replace (one row per floor: invoiced and one-off charges differ); target ratio ≤ 1.3.',
  );
  console.table(await benchFlows());
  const month = await benchCurrencyMonth();
  console.log('\nA month in four currencies (USD, EUR, GBP, JPY customers; USD and EUR payouts; base USD)');
  console.log('target: every payout deposited, the base-currency trial balance balanced, each FX result explained');
  console.table(month.summary);
  console.table(month.payouts);
}

void main();
