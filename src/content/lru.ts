/**
 * A bounded map that forgets the least recently used entry (Map keeps insertion order). Bounded
 * by entry count, and optionally by a total weight (e.g. the characters of the texts it keeps).
 */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();
  private weight = 0;
  constructor(
    private readonly capacity: number,
    private readonly weigh: (value: V) => number = () => 0,
    private readonly maxWeight = Number.POSITIVE_INFINITY,
  ) {}

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    this.map.set(key, value);
    this.weight += this.weigh(value);
    while (this.map.size > this.capacity || (this.weight > this.maxWeight && this.map.size > 1)) {
      const oldest = this.map.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
  }

  clear(): void {
    this.map.clear();
    this.weight = 0;
  }

  get size(): number {
    return this.map.size;
  }

  /** Total weight of the entries kept. */
  get totalWeight(): number {
    return this.weight;
  }

  private delete(key: K): void {
    const old = this.map.get(key);
    if (old === undefined) return;
    this.weight -= this.weigh(old);
    this.map.delete(key);
  }
}
