// Token buckets by key (a client address, a customer key): each holds up to `capacity` tokens
// and gains `perSecond` of them back continuously. Used to slow failed authentication and to
// throttle a customer key as Open Dental's hosted API does.

interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date, in ms. */
  at: number;
}

/** Buckets kept at most; full ones are dropped first, so a flood of addresses stays bounded. */
const MAX_KEYS = 50_000;

export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  #current(key: string): Bucket {
    const now = this.now();
    const bucket = this.#buckets.get(key);
    if (!bucket) return { tokens: this.capacity, at: now };
    const refilled = bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond;
    return { tokens: Math.min(this.capacity, refilled), at: now };
  }

  /** Whole seconds until a bucket holding `tokens` has one (the epsilon absorbs float error). */
  #wait(tokens: number): number {
    return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / this.perSecond - 1e-9);
  }

  /** Takes a token if `key` has one: 0. Otherwise takes nothing: the seconds to wait. */
  take(key: string): number {
    const bucket = this.#current(key);
    if (bucket.tokens < 1) return this.#wait(bucket.tokens);
    bucket.tokens -= 1;
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > MAX_KEYS) this.#prune();
    return 0;
  }

  #prune(): void {
    for (const key of this.#buckets.keys()) {
      if (this.#current(key).tokens >= this.capacity) this.#buckets.delete(key);
    }
    // Still too many: forget the least recently used (Map keeps insertion order).
    for (const key of this.#buckets.keys()) {
      if (this.#buckets.size <= MAX_KEYS) break;
      this.#buckets.delete(key);
    }
  }
}
