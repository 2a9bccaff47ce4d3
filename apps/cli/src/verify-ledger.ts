import type { KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import {
  checkTreeHead,
  eventLeafHash,
  GENESIS_HASH,
  hashEvent,
  MerkleFrontier,
  type SignedTreeHead,
} from '@serial/event-store';
import { parseExportedEvent, type ExportedEvent } from './exported-event';
import { StreamEnds } from './stream-ends';

export interface VerifyLedgerOptions {
  readonly file: string;
  readonly head: SignedTreeHead;
  /** Without it the signature is not checked: the head is then only as good as where it was kept. */
  readonly publicKey?: KeyObject;
  readonly onProgress?: (progress: { bytesRead: number; totalBytes: number; events: number }) => void;
}

/** The first thing found not to hold, and where. */
export interface LedgerDifference {
  readonly message: string;
  readonly streamId?: string;
  readonly revision?: number;
  readonly position?: string;
  readonly line?: number;
}

export interface LedgerReport {
  readonly events: number;
  readonly streams: number;
  readonly signature: 'valid' | 'not checked' | 'other key' | 'bad';
  readonly difference: LedgerDifference | null;
}

const PROGRESS_EVERY = 10_000;

/**
 * Checks an export offline, trusting nothing but the file, the head and the key: each event's hash
 * against its content, each stream's chain, global order, and the Merkle root of the first `treeSize`
 * events against the head. Reads the file as a stream; what it keeps is the tree's frontier (log n
 * hashes) and each stream's last revision and hash (StreamEnds). Stops at the first difference.
 */
export async function verifyLedger(options: VerifyLedgerOptions): Promise<LedgerReport> {
  const { head } = options;
  const signature = signatureOf(head, options.publicKey);
  const totalBytes = (await stat(options.file)).size;
  const input = createReadStream(options.file);
  const streams = new StreamEnds();
  const tree = MerkleFrontier.empty();
  let [events, previousPosition] = [0, -1n];
  const report = (difference: LedgerDifference | null): LedgerReport => {
    input.destroy();
    return { events, streams: streams.size, signature, difference };
  };
  if (head.treeSize === 0 && tree.root().toString('hex') !== head.rootHash) {
    return report({ message: 'the head is of the empty tree but its rootHash is not the empty root' });
  }
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (line === '') continue;
    const event = parseExportedEvent(line, events + 1);
    events += 1;
    const at = {
      streamId: event.streamId,
      revision: event.revision,
      position: event.position.toString(),
      line: events,
    };
    const problem = eventProblem(event, previousPosition, streams);
    if (problem) return report({ message: problem, ...at });
    previousPosition = event.position;
    streams.set(event.streamId, event.revision, event.metadata.hash);
    if (tree.size < head.treeSize && event.position > BigInt(head.lastPosition)) {
      return report({ message: missingEvents(head, tree.size), ...at });
    }
    if (tree.size < head.treeSize) {
      tree.append(eventLeafHash(event.metadata.hash));
      if (tree.size === head.treeSize) {
        const mismatch = headMismatch(head, tree, event);
        if (mismatch) return report({ message: mismatch, ...at });
      }
    }
    if (events % PROGRESS_EVERY === 0)
      options.onProgress?.({ bytesRead: input.bytesRead, totalBytes, events });
  }
  options.onProgress?.({ bytesRead: totalBytes, totalBytes, events });
  if (tree.size < head.treeSize) {
    const last = previousPosition < 0n ? 'is empty' : `ends at position ${previousPosition}`;
    return report({ message: `the file ${last}: ${missingEvents(head, tree.size)}` });
  }
  return report(null);
}

function eventProblem(event: ExportedEvent, previousPosition: bigint, streams: StreamEnds): string | null {
  if (event.position <= previousPosition) {
    return `position ${event.position} follows position ${previousPosition}: the events are out of global order`;
  }
  const { previousHash, hash } = event.metadata;
  if (hash === undefined || previousHash === undefined || hashEvent(previousHash, event) !== hash) {
    return 'its hash does not match its content (altered, or hashed over other content)';
  }
  const last = streams.lastRevision(event.streamId);
  if (event.revision !== (last === undefined ? 0 : last + 1)) {
    return last === undefined
      ? `the stream starts at revision ${event.revision}: its first events are missing`
      : `revision ${event.revision} follows revision ${last} of its stream: events are missing or reordered`;
  }
  if (last === undefined ? previousHash !== GENESIS_HASH : !streams.endsWith(event.streamId, previousHash)) {
    return 'its previousHash is not the hash of the event before it in its stream: the chain is broken';
  }
  return null;
}

function missingEvents(head: SignedTreeHead, found: number): string {
  return `the head covers ${head.treeSize} events up to position ${head.lastPosition}, the file holds ${found}: events were removed`;
}

function headMismatch(head: SignedTreeHead, tree: MerkleFrontier, last: ExportedEvent): string | null {
  const root = tree.root().toString('hex');
  if (root !== head.rootHash) {
    return `the first ${head.treeSize} events hash to ${root}, not to the head's rootHash ${head.rootHash}: events were altered, removed, added or reordered before position ${head.lastPosition}`;
  }
  if (last.position.toString() !== head.lastPosition) {
    return `the head's last event is at position ${head.lastPosition}, but the file's event ${head.treeSize} is at ${last.position}`;
  }
  return null;
}

function signatureOf(head: SignedTreeHead, key: KeyObject | undefined): LedgerReport['signature'] {
  if (!key) return 'not checked';
  const check = checkTreeHead(head, key);
  return check === 'valid' ? 'valid' : check === 'other-key' ? 'other key' : 'bad';
}
