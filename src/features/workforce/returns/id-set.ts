/**
 * The worker IDs seen so far, for the duplicate check: their characters are copied into typed arrays (open
 * addressing on an FNV-1a hash), so that a million IDs cost no strings for the garbage collector to trace,
 * and an ID sliced from a chunk of the file does not keep the chunk.
 */
export class IdSet {
  /** Open addressing: for each slot, 1 + the ID's number (0: empty) and its hash, side by side. */
  private slots = new Int32Array(2 * 1024);
  /** For each ID: its start in `chars` and its length. */
  private entries = new Int32Array(2 * 512);
  private chars = new Uint16Array(8192);
  private count = 0;
  private used = 0;

  /** Adds the ID; false when it was already there. */
  add(id: string): boolean {
    const n = id.length;
    let hash = 0x811c9dc5 | 0;
    for (let i = 0; i < n; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 16777619);
    const mask = this.slots.length / 2 - 1;
    let slot = hash & mask;
    for (let e = this.slots[2 * slot]; e !== 0; e = this.slots[2 * slot]) {
      if (this.slots[2 * slot + 1] === hash && this.entries[2 * e - 1] === n) {
        const start = this.entries[2 * e - 2];
        let k = 0;
        while (k < n && this.chars[start + k] === id.charCodeAt(k)) k++;
        if (k === n) return false;
      }
      slot = (slot + 1) & mask;
    }
    if (2 * this.count + 2 > this.entries.length) {
      const entries = new Int32Array(2 * this.entries.length);
      entries.set(this.entries);
      this.entries = entries;
    }
    if (this.used + n > this.chars.length) {
      const chars = new Uint16Array(Math.max(2 * this.chars.length, this.used + n));
      chars.set(this.chars);
      this.chars = chars;
    }
    for (let k = 0; k < n; k++) this.chars[this.used + k] = id.charCodeAt(k);
    this.entries[2 * this.count] = this.used;
    this.entries[2 * this.count + 1] = n;
    this.slots[2 * slot] = ++this.count;
    this.slots[2 * slot + 1] = hash;
    this.used += n;
    if (4 * this.count > this.slots.length) this.rehash();
    return true;
  }

  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(2 * old.length);
    const mask = this.slots.length / 2 - 1;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] === 0) continue;
      let slot = old[i + 1] & mask;
      while (this.slots[2 * slot] !== 0) slot = (slot + 1) & mask;
      this.slots[2 * slot] = old[i];
      this.slots[2 * slot + 1] = old[i + 1];
    }
  }
}
