import { isWarrantyActive, lifecycleState, type LocationType } from '@serial/domain';
import type { SerialDocument } from '@serial/read-models';

/** A served view: the document with the warranty's `active` computed when it was read. */
export type ServedSerial = Omit<SerialDocument, 'warranty'> & {
  warranty: { startsAt: string; endsAt: string; active: boolean } | null;
};

/** A warranty's `active` is only compared away from its ends: the service and this check read at other times. */
const MARGIN_MS = 60_000;

/**
 * What API.md "What the view's fields mean" requires of every served view, checked on the view alone,
 * plus its warranty's `active` against the replayed document at `readAt`: state matches the location,
 * a serial is out at a customer, with a delivery time, exactly when it is at one, and no scrapped or
 * written-off unit has an active warranty.
 */
export function fieldRuleDifferences(
  id: string,
  view: ServedSerial,
  replayed: SerialDocument,
  readAt: Date,
): string[] {
  const differences: string[] = [];
  const say = (text: string) => differences.push(`${id}: ${text}`);
  const state = lifecycleState({
    locationType: view.locationType as LocationType | null,
    installedIn: view.installedIn,
  });
  if (view.state !== state) say(`state is ${view.state} at a ${view.locationType ?? 'no'} location`);
  const atCustomer = view.state === 'at_customer';
  if ((view.customerId !== null) !== atCustomer) say(`customerId is ${view.customerId} while ${view.state}`);
  if ((view.deliveredAt !== null) !== atCustomer)
    say(`deliveredAt is ${view.deliveredAt} while ${view.state}`);
  if (view.warranty?.active && (view.state === 'scrapped' || view.state === 'written_off')) {
    say(`warranty is active while ${view.state}`);
  }
  const { warranty } = replayed;
  const nearEnd =
    warranty !== null &&
    [warranty.startsAt, warranty.endsAt].some(
      (end) => Math.abs(Date.parse(end) - readAt.getTime()) < MARGIN_MS,
    );
  const active = isWarrantyActive(replayed, readAt);
  if (view.warranty && !nearEnd && view.warranty.active !== active) {
    say(`warranty.active is ${view.warranty.active} in the read models, ${active} from the events`);
  }
  return differences;
}
