/**
 * Remembers the first holder of each SHA-256 in 16 bytes a hash: the first 64
 * bits of the hash and two 32-bit numbers naming the holder, in typed arrays
 * with open addressing. A Map of hex strings to ids takes ten times that, and
 * the deduplicate stage keeps one entry per distinct paragraph of a corpus:
 * about 1.6 million for 1 GiB of text. Two different texts share 64 leading
 * bits with a probability of about n²/2⁶⁵ (under 10⁻⁷ for 1.6 million).
 */
const EMPTY = 0xffffffff;

export class FirstSeen {
  private keys: Uint32Array;
  private holders: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 1024) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(16, capacity)));
    this.keys = new Uint32Array(size * 2);
    this.holders = new Uint32Array(size * 2).fill(EMPTY);
    this.mask = size - 1;
  }

  /**
   * The holder [a, b] recorded for `sha256` (hex), or undefined after
   * recording [a, b] as its holder. `a` must be below 2³² − 1.
   */
  firstOr(sha256: string, a: number, b: number): [number, number] | undefined {
    const hi = Number.parseInt(sha256.slice(0, 8), 16) >>> 0;
    const lo = Number.parseInt(sha256.slice(8, 16), 16) >>> 0;
    for (let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask; ; slot = (slot + 1) & this.mask) {
      const k = slot * 2;
      if (this.holders[k] === EMPTY) {
        this.keys[k] = hi;
        this.keys[k + 1] = lo;
        this.holders[k] = a;
        this.holders[k + 1] = b;
        if (++this.count * 4 > (this.mask + 1) * 3) this.grow();
        return undefined;
      }
      if (this.keys[k] === hi && this.keys[k + 1] === lo) return [this.holders[k]!, this.holders[k + 1]!];
    }
  }

  get size(): number {
    return this.count;
  }

  private grow(): void {
    const { keys, holders } = this;
    const size = (this.mask + 1) * 2;
    this.keys = new Uint32Array(size * 2);
    this.holders = new Uint32Array(size * 2).fill(EMPTY);
    this.mask = size - 1;
    for (let k = 0; k < keys.length; k += 2) {
      if (holders[k] === EMPTY) continue;
      let slot = (keys[k + 1]! ^ Math.imul(keys[k]!, 0x9e3779b1)) & this.mask;
      while (this.holders[slot * 2] !== EMPTY) slot = (slot + 1) & this.mask;
      this.keys[slot * 2] = keys[k]!;
      this.keys[slot * 2 + 1] = keys[k + 1]!;
      this.holders[slot * 2] = holders[k]!;
      this.holders[slot * 2 + 1] = holders[k + 1]!;
    }
  }
}
