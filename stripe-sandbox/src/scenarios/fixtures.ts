import { readFileSync } from 'node:fs';
import { encodeForm, type FormValue } from '../api/form';
import type { StripeSandbox } from '../sandbox';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface FixtureMeta {
  template_version: number;
  exclude_metadata?: boolean;
  aliases?: string[];
  [key: string]: Json | undefined;
}

/** One Stripe API call, as the Stripe CLI's fixture files write it. */
export interface ApiStep {
  name: string;
  path: string;
  method: string;
  params?: { [key: string]: Json };
  /** The step is expected to fail with this error type (`card_error`); its error body is kept. */
  expected_error_type?: string;
  idempotency_key?: string;
  headers?: Record<string, string>;
}

/**
 * A sandbox-only step (not understood by the Stripe CLI): `advance_clock` by `seconds` and/or `days`,
 * `run_payouts` (its response, a list of payouts, is kept under `name`), or `deliver_webhooks`.
 */
export interface SandboxStep {
  name?: string;
  sandbox: 'advance_clock' | 'run_payouts' | 'deliver_webhooks';
  seconds?: number;
  days?: number;
}

export type FixtureStep = ApiStep | SandboxStep;

export interface FixtureFile {
  _meta: FixtureMeta;
  fixtures: FixtureStep[];
  env?: Record<string, string>;
}

export interface TargetResponse {
  status: number;
  body: unknown;
}

/** Where a scenario runs: in-process (`sandboxTarget`) or over HTTP (`httpTarget`). */
export interface ScenarioTarget {
  request(method: string, path: string, form: string, headers: Record<string, string>): Promise<TargetResponse>;
  advanceClock(seconds: number): Promise<void>;
  runPayouts(): Promise<unknown>;
  deliverWebhooks(): Promise<void>;
}

export interface StepResult {
  name: string | null;
  kind: 'api' | 'sandbox';
  method: string | null;
  path: string | null;
  status: number | null;
  expectedError: boolean;
  warnings: string[];
}

export interface RunResult {
  responses: Record<string, unknown>;
  steps: StepResult[];
}

export interface RunOptions {
  /** Values for `${.env:NAME}` (default: process.env). */
  env?: Record<string, string | undefined>;
  /** Clock advances are made in steps of at most this many seconds, so daily jobs see every day. */
  maxClockStepSeconds?: number;
  onStep?: (result: StepResult) => void;
}

export class FixtureError extends Error {
  constructor(
    message: string,
    readonly step: FixtureStep,
    readonly status: number | null,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'FixtureError';
  }
}

export function loadFixtureFile(path: string): FixtureFile {
  return JSON.parse(readFileSync(path, 'utf8')) as FixtureFile;
}

export function isSandboxStep(step: FixtureStep): step is SandboxStep {
  return 'sandbox' in step;
}

// The CLI's pattern `${name:json.path|default}`.
const QUERY = /\$\{([^|}:]+):([^|}]+)(?:\|([^}\n]*))?\}/g;

/** Reads a gjson-style dot path (`lines.data.0.id`, `data.#` = length) out of a response. */
export function lookupPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const segment of path.split('.')) {
    if (Array.isArray(current)) {
      if (segment === '#') current = current.length;
      else current = /^\d+$/.test(segment) ? current[Number(segment)] : undefined;
    } else if (current !== null && typeof current === 'object') {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * Replaces `${name:path}` references with values from earlier responses and `${.env:VAR}` with environment
 * values. As in the CLI, an empty result falls back to the `|default`, else leaves the text as written
 * (a warning is recorded); an undeclared fixture name is an error.
 */
export function substitute(
  text: string,
  responses: Record<string, unknown>,
  env: Record<string, string | undefined>,
  warnings: string[],
): string {
  return text.replace(QUERY, (match, name: string, query: string, fallback: string | undefined) => {
    if (name === '.env') {
      const value = env[query];
      if (value) return value;
      warnings.push(`No value for env var: ${query}`);
      return fallback ?? match;
    }
    if (!(name in responses)) throw new Error(`An undeclared fixture name was referenced: ${name} (in ${text})`);
    const value = asText(lookupPath(responses[name], query));
    if (value !== '') return value;
    warnings.push(`${match} resolved to nothing`);
    return fallback ?? match;
  });
}

function substituteParams(
  params: { [key: string]: Json },
  responses: Record<string, unknown>,
  env: Record<string, string | undefined>,
  warnings: string[],
): { [key: string]: FormValue } {
  const walk = (value: Json): FormValue => {
    if (typeof value === 'string') return substitute(value, responses, env, warnings);
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object') {
      const out: { [key: string]: FormValue } = {};
      for (const [key, child] of Object.entries(value)) out[key] = walk(child);
      return out;
    }
    return value;
  };
  return walk(params) as { [key: string]: FormValue };
}

function errorType(body: unknown): string | undefined {
  const type = lookupPath(body, 'error.type');
  return typeof type === 'string' ? type : undefined;
}

/**
 * Runs a fixture file step by step as `stripe fixtures` does: each API step's params are encoded in
 * bracket notation after substituting references, and its JSON response is kept under its name. A step
 * failing without a matching `expected_error_type` stops the run with a FixtureError.
 */
export async function runFixtures(
  file: FixtureFile,
  target: ScenarioTarget,
  options: RunOptions = {},
): Promise<RunResult> {
  if (file._meta.template_version > 0) throw new Error(`Fixture version not supported: ${file._meta.template_version}`);
  const env = options.env ?? process.env;
  const maxStep = options.maxClockStepSeconds ?? 86_400;
  const responses: Record<string, unknown> = {};
  const steps: StepResult[] = [];
  const record = (result: StepResult): void => {
    steps.push(result);
    options.onStep?.(result);
  };
  for (const step of file.fixtures) {
    const warnings: string[] = [];
    if (isSandboxStep(step)) {
      if (step.sandbox === 'advance_clock') {
        let remaining = (step.seconds ?? 0) + (step.days ?? 0) * 86_400;
        if (!Number.isSafeInteger(remaining) || remaining < 0) {
          throw new FixtureError('advance_clock needs non-negative whole seconds/days', step, null, null);
        }
        while (remaining > 0) {
          const chunk = Math.min(remaining, maxStep);
          await target.advanceClock(chunk);
          remaining -= chunk;
        }
      } else if (step.sandbox === 'run_payouts') {
        const payouts = await target.runPayouts();
        if (step.name) responses[step.name] = payouts;
      } else if (step.sandbox === 'deliver_webhooks') {
        await target.deliverWebhooks();
      } else {
        throw new FixtureError(
          `Unknown sandbox step: ${String((step as { sandbox: unknown }).sandbox)}`,
          step,
          null,
          null,
        );
      }
      record({
        name: step.name ?? null,
        kind: 'sandbox',
        method: null,
        path: null,
        status: null,
        expectedError: false,
        warnings,
      });
      continue;
    }
    const method = step.method.toUpperCase();
    const path = substitute(step.path, responses, env, warnings);
    const form = encodeForm(substituteParams(step.params ?? {}, responses, env, warnings));
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(step.headers ?? {}))
      headers[key] = substitute(value, responses, env, warnings);
    if (step.idempotency_key) headers['Idempotency-Key'] = substitute(step.idempotency_key, responses, env, warnings);
    const response = await target.request(method, path, form, headers);
    const ok = response.status >= 200 && response.status < 300;
    const expectedError =
      !ok && step.expected_error_type !== undefined && errorType(response.body) === step.expected_error_type;
    record({ name: step.name, kind: 'api', method, path, status: response.status, expectedError, warnings });
    if (!ok && !expectedError) {
      const message = lookupPath(response.body, 'error.message');
      throw new FixtureError(
        `Fixture step ${step.name} (${method} ${path}) failed with ${response.status}: ${asText(message)}`,
        step,
        response.status,
        response.body,
      );
    }
    responses[step.name] = response.body;
  }
  return { responses, steps };
}

/** Runs steps against a StripeSandbox in-process, through its request layer. */
export function sandboxTarget(sandbox: StripeSandbox): ScenarioTarget {
  return {
    request: (method, path, form, headers) => {
      const usesQuery = method !== 'POST' && form !== '';
      const response = sandbox.handle({
        method,
        path: usesQuery ? `${path}${path.includes('?') ? '&' : '?'}${form}` : path,
        headers: { Authorization: `Bearer ${sandbox.secretKey}`, ...headers },
        body: method === 'POST' ? form : '',
      });
      return Promise.resolve({ status: response.status, body: JSON.parse(response.body) as unknown });
    },
    advanceClock: (seconds) => {
      sandbox.advanceClock(seconds);
      return Promise.resolve();
    },
    runPayouts: () => Promise.resolve({ object: 'list', data: sandbox.runPayouts() }),
    deliverWebhooks: () => sandbox.deliverAll(),
  };
}

/** Runs steps over HTTP against a sandbox server (sandbox steps use its `/_sandbox/…` control routes). */
export function httpTarget(baseUrl: string, apiKey: string): ScenarioTarget {
  const call = async (
    method: string,
    path: string,
    body: string,
    headers: Record<string, string> = {},
  ): Promise<TargetResponse> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${apiKey}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        ...headers,
      },
      body: method === 'POST' ? body : undefined,
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text) as unknown;
    } catch {
      // Not JSON: keep the text.
    }
    return { status: response.status, body: parsed };
  };
  const control = async (path: string, form = ''): Promise<unknown> => {
    const response = await call('POST', path, form);
    if (response.status !== 200) throw new Error(`${path} failed: ${JSON.stringify(response.body)}`);
    return response.body;
  };
  return {
    request: (method, path, form, headers) =>
      call(
        method,
        method !== 'POST' && form !== '' ? `${path}${path.includes('?') ? '&' : '?'}${form}` : path,
        form,
        headers,
      ),
    advanceClock: async (seconds) => {
      await control('/_sandbox/clock/advance', `seconds=${seconds}`);
    },
    runPayouts: () => control('/_sandbox/payouts/run'),
    deliverWebhooks: async () => {
      await control('/_sandbox/webhooks/deliver');
    },
  };
}
