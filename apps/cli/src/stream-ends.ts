const HASH_BYTES = 32;
const LOWER_HEX_64 = /^[0-9a-f]{64}$/;

/**
 * Each stream's last revision and hash, as compactly as one pass over an export can keep them: an
 * index per stream id, the revisions in a Float64Array and the hashes as 32 raw bytes each. With a
 * million streams that is about a third of a Map of objects holding hex strings.
 */
export class StreamEnds {
  private readonly ids = new Map<string, number>();
  private revisions = new Float64Array(1024);
  private hashes = Buffer.alloc(1024 * HASH_BYTES);

  get size(): number {
    return this.ids.size;
  }

  /** The stream's last revision, or undefined for a stream not seen yet. */
  lastRevision(streamId: string): number | undefined {
    const id = this.ids.get(streamId);
    return id === undefined ? undefined : this.revisions[id];
  }

  /** Whether `hash` (lowercase hex) is the stream's last hash. */
  endsWith(streamId: string, hash: string): boolean {
    const id = this.ids.get(streamId);
    if (id === undefined || !LOWER_HEX_64.test(hash)) return false;
    const offset = id * HASH_BYTES;
    return Buffer.from(hash, 'hex').equals(this.hashes.subarray(offset, offset + HASH_BYTES));
  }

  /** `hash` must be 64 lowercase hex digits (the caller has checked it is the event's true hash). */
  set(streamId: string, revision: number, hash: string): void {
    let id = this.ids.get(streamId);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(streamId, id);
      this.grow(id + 1);
    }
    this.revisions[id] = revision;
    this.hashes.write(hash, id * HASH_BYTES, HASH_BYTES, 'hex');
  }

  private grow(count: number): void {
    if (count <= this.revisions.length) return;
    const revisions = new Float64Array(this.revisions.length * 2);
    revisions.set(this.revisions);
    const hashes = Buffer.alloc(this.hashes.length * 2);
    this.hashes.copy(hashes);
    [this.revisions, this.hashes] = [revisions, hashes];
  }
}
