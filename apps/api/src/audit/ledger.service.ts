import { Inject, Injectable } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { createPublicKey } from 'node:crypto';
import {
  consistencyProof,
  EVENT_STORE,
  inclusionProof,
  keyIdOf,
  signTreeHead,
  treeRoot,
  type EventStore,
  type SignedTreeHead,
  type SubtreeSource,
} from '@serial/event-store';
import { LEDGER_READER, type LedgerReader, type LedgerTip } from '@serial/read-models';
import { NotFoundError, ValidationFailedError } from '../http/application-errors';
import type { ConsistencyProofDto, InclusionProofDto, LedgerKeyDto } from './ledger.dto';

export const LEDGER_SIGNING_KEY = Symbol('LEDGER_SIGNING_KEY');

const hex = (hashes: readonly Buffer[]): string[] => hashes.map((hash) => hash.toString('hex'));

/**
 * The ledger as auditors ask for it: the signed head, the key, and RFC 9162 proofs, computed from the
 * tree the projector keeps. A head is signed once per tree state this process sees (the projector
 * changes it with each batch), so every caller gets the same signed head until the tree grows.
 */
@Injectable()
export class LedgerService {
  private readonly source: SubtreeSource;
  private readonly keyId: string;
  private lastHead: SignedTreeHead | undefined;

  constructor(
    @Inject(LEDGER_READER) private readonly ledger: LedgerReader,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(LEDGER_SIGNING_KEY) private readonly signingKey: KeyObject,
  ) {
    this.source = { subtrees: (addresses) => ledger.ledgerSubtrees(addresses) };
    this.keyId = keyIdOf(signingKey);
  }

  async head(): Promise<SignedTreeHead> {
    const tip = await this.ledger.ledgerTip();
    const rootHash = (await treeRoot(this.source, tip.treeSize)).toString('hex');
    const last = this.lastHead;
    if (last && last.treeSize === tip.treeSize && last.rootHash === rootHash && last.keyId === this.keyId)
      return last;
    const head = { treeSize: tip.treeSize, rootHash, lastPosition: tip.lastPosition.toString() };
    this.lastHead = signTreeHead({ ...head, signedAt: new Date().toISOString() }, this.signingKey);
    return this.lastHead;
  }

  key(): LedgerKeyDto {
    const publicKey = createPublicKey(this.signingKey);
    return { keyId: this.keyId, publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
  }

  async inclusion(position: bigint, treeSize?: number): Promise<InclusionProofDto> {
    const tip = await this.ledger.ledgerTip();
    const size = this.sizeWithin(tip, 'treeSize', treeSize);
    const leafIndex = await this.ledger.ledgerLeafIndex(position);
    if (leafIndex === null) {
      if (position > tip.lastPosition && (await this.eventExists(position))) {
        throw new ValidationFailedError([
          {
            field: 'treeSize',
            message: `the tree head (${tip.treeSize} events) does not cover position ${position} yet`,
          },
        ]);
      }
      throw new NotFoundError(`No event has position ${position}`);
    }
    if (leafIndex >= size) {
      throw new ValidationFailedError([
        {
          field: 'treeSize',
          message: `the event at position ${position} is leaf ${leafIndex}, not in a tree of ${size}`,
        },
      ]);
    }
    return { leafIndex, treeSize: size, auditPath: hex(await inclusionProof(this.source, leafIndex, size)) };
  }

  async consistency(fromSize: number, toSize?: number): Promise<ConsistencyProofDto> {
    const tip = await this.ledger.ledgerTip();
    const to = this.sizeWithin(tip, 'toSize', toSize);
    if (fromSize > to) {
      throw new ValidationFailedError([
        { field: 'fromSize', message: `must not be larger than toSize (${to})` },
      ]);
    }
    return { fromSize, toSize: to, proof: hex(await consistencyProof(this.source, fromSize, to)) };
  }

  private sizeWithin(tip: LedgerTip, field: string, size: number | undefined): number {
    if (size === undefined) return tip.treeSize;
    if (size > tip.treeSize) {
      throw new ValidationFailedError([
        { field, message: `is beyond the current tree head (${tip.treeSize} events)` },
      ]);
    }
    return size;
  }

  private async eventExists(position: bigint): Promise<boolean> {
    const [event] = await this.events.readAll({ after: position - 1n, limit: 1 });
    return event?.position === position;
  }
}
