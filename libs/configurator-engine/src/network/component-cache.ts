/** At most this many key characters (two bytes each) are kept: about 64 MB of keys. */
const DEFAULT_MAX_CHARACTERS = 32 * 1024 * 1024;

/**
 * Component counts by key, bounded in memory: past the limit the oldest entries go (a
 * count is only a shortcut, so forgetting one costs time, never exactness). Zero counts are
 * kept too, since a component without solutions is as costly to find again.
 */
export class ComponentCache {
  private readonly counts = new Map<string, bigint>();
  private characters = 0;

  constructor(private readonly maxCharacters = DEFAULT_MAX_CHARACTERS) {}

  get(key: string): bigint | undefined {
    return this.counts.get(key);
  }

  set(key: string, count: bigint): void {
    if (this.counts.has(key)) return;
    this.counts.set(key, count);
    this.characters += key.length;
    if (this.characters > this.maxCharacters) this.evictOldest(this.maxCharacters / 2);
  }

  get size(): number {
    return this.counts.size;
  }

  private evictOldest(target: number): void {
    for (const key of this.counts.keys()) {
      if (this.characters <= target) return;
      this.counts.delete(key);
      this.characters -= key.length;
    }
  }
}
