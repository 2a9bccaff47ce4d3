import type { RecordedProjectionEvent } from './projected-event';
import { evolveMovementDocument, type MovementDocument } from './movement-view';

let position = 0n;
const recorded = (
  type: string,
  data: Record<string, unknown>,
  occurredAt = '2026-05-01T10:00:00.000Z',
): RecordedProjectionEvent => ({
  type,
  data,
  revision: Number(position),
  position: ++position,
  recordedAt: new Date(occurredAt),
  streamId: 'movement-M1',
  metadata: { occurredAt, userId: 'u' },
});
const fold = (events: RecordedProjectionEvent[]) =>
  events.reduce<MovementDocument | null>((document, event) => evolveMovementDocument(document, event), null);

const created = () =>
  recorded('MovementCreated', {
    movementId: 'M1',
    movementType: 'receipt',
    fromLocationId: 'Partners/Vendors',
    toLocationId: 'WH/Stock',
    reference: 'BILL-1',
    partnerId: 'ACME',
    lines: [{ productId: 'LAPTOP', quantity: 2 }],
  });

describe('movement documents', () => {
  it('given a created movement, shows it pending with empty lines', () => {
    expect(fold([created()])).toMatchObject({
      id: 'M1',
      type: 'receipt',
      status: 'pending',
      lines: [{ productId: 'LAPTOP', quantity: 2, serialNumbers: [] }],
      createdAt: '2026-05-01T10:00:00.000Z',
      validatedAt: null,
    });
  });

  it('when serials are assigned and it is validated, shows them and the validation position', () => {
    const events = [
      created(),
      recorded('MovementSerialsAssigned', { movementId: 'M1', lineIndex: 0, serialNumbers: ['A', 'B'] }),
      recorded('MovementValidated', { movementId: 'M1' }, '2026-05-02T08:00:00.000Z'),
    ];
    expect(fold(events)).toMatchObject({
      status: 'done',
      lines: [{ serialNumbers: ['A', 'B'] }],
      validatedAt: '2026-05-02T08:00:00.000Z',
      position: events[2].position.toString(),
    });
  });

  it('when cancelled, shows it cancelled; replaying an applied event changes nothing', () => {
    const first = created();
    const cancelled = recorded('MovementCancelled', { movementId: 'M1' });
    const document = fold([first, cancelled]);
    expect(document?.status).toBe('cancelled');
    expect(evolveMovementDocument(document, first)).toBe(document);
  });
});
