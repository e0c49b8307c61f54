import type { EmulatorServices } from '../context';
import type { StoreChange, StoredRecord } from '../store';

/** The seed used when no interleaving seed is set: runs are reproducible by default. */
export const DEFAULT_INTERLEAVING_SEED = 1;

/** FNV-1a over a string, then one mulberry32 step: a reproducible number in [0, 1) per text. */
export function seededUnit(seed: number, text: string): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  let t = (hash + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Splits keys into rounds of at most `size`: the keys that run at the same time on `size` processors. */
export function roundsOf<T>(items: readonly T[], size: number): T[][] {
  const rounds: T[][] = [];
  for (let i = 0; i < items.length; i += size) rounds.push(items.slice(i, i + size));
  return rounds;
}

interface Writer {
  key: string;
  /** The record before this key's first write in the round. */
  before: StoredRecord;
}

/**
 * One round of Map/Reduce keys running "at once" on parallel jobs (emulator/README.md, Map/Reduce
 * concurrency). The keys run one after another here; what a later key could not have seen is modelled
 * on record loads: for each (writer, reader) pair a seeded coin says whether the reader's load came
 * before the writer's save. If so the reader gets the record as it was before that write, and its own
 * save fails with RCRD_HAS_BEEN_CHANGED (optimistic locking). Queries and searches see every write.
 */
export class InterleavedRound {
  private readonly writers = new Map<string, Writer[]>();
  private running: string | null = null;
  private readonly settled = new Set<string>();
  private readonly stop: () => void;

  constructor(
    services: EmulatorServices,
    private readonly seed: number,
    private readonly roundId: string,
  ) {
    const stopListening = services.store.onChange((change) => this.onChange(change));
    services.concurrentReads = (type, id) => this.readFor(type, id);
    this.stop = () => {
      stopListening();
      services.concurrentReads = undefined;
    };
  }

  /**
   * The running key tries again (retryCount, restart): that happens after its first execution, so
   * after every key that ran before it in the round; from now on it reads the current records.
   */
  retrying(): void {
    if (this.running !== null) this.settled.add(this.running);
  }

  /** Runs `body` as the work of `key` (its writes, including NetSuite's own updates they cause). */
  during<T>(key: string, body: () => T): T {
    this.running = key;
    try {
      return body();
    } finally {
      this.running = null;
    }
  }

  close(): void {
    this.stop();
  }

  /** The image the running key must read instead of the current record, or undefined. */
  readFor(type: string, id: number): StoredRecord | undefined {
    const reader = this.running;
    const writers = this.writers.get(`${type}:${id}`);
    if (reader === null || this.settled.has(reader) || !writers || writers.some((w) => w.key === reader)) {
      return undefined;
    }
    const earlier = writers.find((w) => this.loadedBefore(reader, w.key, `${type}:${id}`));
    return earlier?.before;
  }

  private loadedBefore(reader: string, writer: string, record: string): boolean {
    return seededUnit(this.seed, `${this.roundId}|${writer}|${reader}|${record}`) < 0.5;
  }

  private onChange(change: StoreChange): void {
    if (this.running === null || change.kind !== 'update' || !change.previous) return;
    const id = `${change.type}:${change.id}`;
    const writers = this.writers.get(id) ?? [];
    if (!writers.some((w) => w.key === this.running)) writers.push({ key: this.running, before: change.previous });
    this.writers.set(id, writers);
  }
}
