/**
 * The sandbox's clock, in Unix seconds as Stripe's `created` fields are. It stands still unless moved,
 * so scenarios are reproducible; automatic payouts and webhook retries key off it.
 */
export class SandboxClock {
  private seconds: number;
  private readonly listeners: ((now: number) => void)[] = [];

  constructor(start: number = Math.floor(Date.now() / 1000)) {
    this.seconds = Math.floor(start);
  }

  now(): number {
    return this.seconds;
  }

  /** Moves forward (never back) and tells listeners (payouts, delivery) the new time. */
  advance(seconds: number): number {
    if (seconds < 0) throw new Error('The sandbox clock only moves forward');
    return this.set(this.seconds + Math.floor(seconds));
  }

  set(seconds: number): number {
    if (seconds < this.seconds) throw new Error('The sandbox clock only moves forward');
    this.seconds = Math.floor(seconds);
    for (const listener of this.listeners) listener(this.seconds);
    return this.seconds;
  }

  onAdvance(listener: (now: number) => void): void {
    this.listeners.push(listener);
  }
}

/** Seeded PRNG (mulberry32): reproducible IDs and generated scenarios. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, maxInclusive: number): number {
    return min + Math.floor(this.next() * (maxInclusive - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Stripe-shaped IDs: `cus_` + 24 characters, unique within the sandbox, reproducible for a seed. */
export class IdGenerator {
  private readonly random: Random;
  private readonly used = new Set<string>();

  constructor(seed: number) {
    this.random = new Random(seed);
  }

  next(prefix: string, length = 24): string {
    for (;;) {
      let id = `${prefix}_`;
      for (let i = 0; i < length; i++) id += ALPHABET[Math.floor(this.random.next() * ALPHABET.length)];
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }
}
