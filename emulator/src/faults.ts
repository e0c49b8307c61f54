import { nsError } from './errors';
import type { FieldValue } from './schema';
import type { Store } from './store';

interface SaveFault {
  type: string;
  /** Saves of the type still to let through before failing. */
  remaining: number;
  error: { name: string; message: string };
}

interface HttpFault {
  match: (url: string) => boolean;
  times: number;
  error: { name: string; message: string };
}

/**
 * Fault injection for reliability tests: the things that go wrong on a real account, on demand.
 * Each fault fires once (or `times` times) and is then gone.
 */
export class FaultInjector {
  private saveFaults: SaveFault[] = [];
  private externalIdTakers: { type: string; externalId: string }[] = [];
  private httpFaults: HttpFault[] = [];
  private usageToBurn: number | null = null;
  private exhaustingSaves: { type: string; times: number }[] = [];
  private busyRequests = 0;

  /** The `nth` save (1 = the next one) of `type` fails with the given NetSuite error. */
  failSave(type: string, nth: number, name: string, message = `Injected fault: ${name}`): void {
    this.saveFaults.push({ type: type.toLowerCase(), remaining: nth - 1, error: { name, message } });
  }

  /** Just before the next save of `type` with this external ID, a concurrent writer saves one first. */
  takeExternalIdBeforeSave(type: string, externalId: string): void {
    this.externalIdTakers.push({ type: type.toLowerCase(), externalId: externalId.toLowerCase() });
  }

  /** The next script invocation starts with only `remaining` units left. */
  exhaustGovernance(remaining = 0): void {
    this.usageToBurn = remaining;
  }

  /**
   * The next `times` saves of `type` find their invocation out of units: the save fails with
   * SSS_USAGE_LIMIT_EXCEEDED and the invocation is dead, as when a flow runs out of governance.
   */
  exhaustGovernanceOnSave(type: string, times = 1): void {
    this.exhaustingSaves.push({ type: type.toLowerCase(), times });
  }

  /** Called by N/record before it charges a save: spends the invocation's units if a fault says so. */
  beforeSaveCharge(type: string, invocation: { used: number; limit: number }): void {
    const fault = this.exhaustingSaves.find((f) => f.type === type.toLowerCase());
    if (!fault) return;
    fault.times--;
    if (fault.times <= 0) this.exhaustingSaves = this.exhaustingSaves.filter((f) => f !== fault);
    invocation.used = invocation.limit;
  }

  /** The next `times` N/https calls whose URL contains `urlPart` fail with the given error. */
  failHttps(
    urlPart: string,
    times = 1,
    name = 'SSS_CONNECTION_TIME_OUT',
    message = 'Injected fault: the connection timed out',
  ): void {
    this.httpFaults.push({ match: (url) => url.includes(urlPart), times, error: { name, message } });
  }

  /**
   * Other integrations hold the account's web-service concurrency for the next `requests` RESTlet calls:
   * each answers 400 SSS_REQUEST_LIMIT_EXCEEDED.
   */
  occupyConcurrency(requests: number): void {
    this.busyRequests += requests;
  }

  /** Called by the HTTP front per RESTlet call. */
  concurrencyOccupied(): boolean {
    if (this.busyRequests <= 0) return false;
    this.busyRequests--;
    return true;
  }

  /** Called by the record engine before it writes. */
  beforeSave(
    store: Store,
    type: string,
    fields: Record<string, FieldValue>,
    sublists: Record<string, Record<string, FieldValue>[]>,
  ): void {
    const fault = this.saveFaults.find((f) => f.type === type);
    if (fault) {
      if (fault.remaining > 0) fault.remaining--;
      else {
        this.saveFaults = this.saveFaults.filter((f) => f !== fault);
        throw nsError(fault.error.name, fault.error.message);
      }
    }
    const externalId = typeof fields['externalid'] === 'string' ? fields['externalid'].toLowerCase() : null;
    const taker = this.externalIdTakers.find((t) => t.type === type && t.externalId === externalId);
    if (taker) {
      this.externalIdTakers = this.externalIdTakers.filter((t) => t !== taker);
      // The other writer saved the same content first.
      store.insert(type, { fields: { ...fields }, sublists });
    }
  }

  /** Units an invocation should start with already used, given its limit. */
  startingUsage(limit: number): number {
    if (this.usageToBurn === null) return 0;
    const used = Math.max(0, limit - this.usageToBurn);
    this.usageToBurn = null;
    return used;
  }

  /** Called by N/https before a request: throws the injected error if one matches. */
  beforeHttps(url: string): void {
    const fault = this.httpFaults.find((f) => f.match(url));
    if (!fault) return;
    fault.times--;
    if (fault.times <= 0) this.httpFaults = this.httpFaults.filter((f) => f !== fault);
    throw nsError(fault.error.name, fault.error.message);
  }
}
