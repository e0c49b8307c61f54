// `npm start`: the local sandbox demo. Until the NetSuite emulator and Stripe sandbox exist, it only
// builds the project (npm start ran the build before this) and says what the demo will do.
console.log(`Stripe NetSuite Connector: build done (src/FileCabinet/SuiteScripts/stripe-netsuite-connector).

The local demo is not here yet. When the NetSuite emulator and the Stripe sandbox land, \`npm start\` will:
  1. start a local Stripe sandbox and a local NetSuite emulator loaded with this SDF project;
  2. generate a month of a small SaaS business (customers, subscriptions, one-off charges, a refund,
     two currencies) and send its webhooks through the relay to the connector's RESTlet;
  3. book them in NetSuite, turn each Stripe payout into a deposit, and print a summary:
     events by status, records created, each payout beside its deposit, and the trial balance.

Today you can run the checks: npm test`);
