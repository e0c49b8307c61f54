/** The relay as a library: the request handler for any host, Node's http server around it, and its parts. */
export { CLOCK_SKEW_WARN_SECONDS, ClockWatch, signatureTimestamp, type ClockReport } from './clock';
export { ConfigError, DEFAULTS, loadConfig, type NetSuiteAuth, type RelayConfig } from './config';
export {
  createRelay,
  fetchTransport,
  HEALTH_PATH,
  HEALTHZ_PATH,
  type HealthReport,
  type Outcome,
  type RelayDeps,
  type RelayHandler,
  type RelayRequest,
  type RelayResponse,
  type Transport,
} from './core';
export { buildEnvelope, ENVELOPE_VERSION, type Envelope } from './envelope';
export { randomNonce, signRequest, type SignOptions, type TbaCredentials } from './oauth';
export { startRelayServer, type RelayServer } from './server';
export { type Counts, type StatsSnapshot } from './stats';
