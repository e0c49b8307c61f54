/** Identity of the connector, shown by the info RESTlet. Kept equal to package.json by a test. */
export const CONNECTOR_NAME = 'Stripe NetSuite Connector';
export const CONNECTOR_VERSION = '0.1.0';

export interface ConnectorInfo {
  name: string;
  version: string;
}

export function connectorInfo(): ConnectorInfo {
  return { name: CONNECTOR_NAME, version: CONNECTOR_VERSION };
}
