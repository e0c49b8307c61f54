import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONNECTOR_NAME, CONNECTOR_VERSION, connectorInfo } from '../../src/suitescript/connector';

const packageJson = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
  version: string;
};

describe('connector identity', () => {
  it('carries the version published in package.json', () => {
    expect(CONNECTOR_VERSION).toBe(packageJson.version);
  });

  it('is what connectorInfo reports', () => {
    expect(connectorInfo()).toEqual({ name: 'Stripe NetSuite Connector', version: packageJson.version });
  });
});

describe('info RESTlet (compiled AMD, as NetSuite loads it)', () => {
  it('answers GET with the connector name and version as JSON text', () => {
    // Resolved through SuiteCloud's `SuiteScripts/...` mapping into the build output.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const restlet = require('SuiteScripts/stripe-netsuite-connector/entrypoints/snc_info_restlet') as {
      get: () => string;
    };
    expect(JSON.parse(restlet.get())).toEqual({ name: CONNECTOR_NAME, version: packageJson.version });
  });
});
