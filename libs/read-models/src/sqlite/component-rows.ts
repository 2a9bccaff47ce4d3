import type Database from 'better-sqlite3';
import type { SerialRef } from '@serial/domain';
import {
  COMPONENT_EVENT_TYPES,
  foldComponentLinks,
  linkKey,
  serialsOfLinkEvents,
  type ComponentLink,
} from '../projections/component-links';
import { failingAt, type TableProjection } from './document-projection';
import { guardedUpsertSql } from './sql';
import type { SqlInteger } from './sql';

export const COMPONENT_COLUMNS = [
  'product_id',
  'serial_number',
  'parent_product_id',
  'parent_serial_number',
  'top_product_id',
  'top_serial_number',
  'installed_at',
  'position',
] as const;

export type ComponentRow = { [column in Exclude<(typeof COMPONENT_COLUMNS)[number], 'position'>]: string } & {
  position: SqlInteger;
};

export function componentFromRow(row: ComponentRow): ComponentLink {
  return {
    productId: row.product_id,
    serialNumber: row.serial_number,
    parent: { productId: row.parent_product_id, serialNumber: row.parent_serial_number },
    top: { productId: row.top_product_id, serialNumber: row.top_serial_number },
    installedAt: row.installed_at,
    position: row.position.toString(),
  };
}

function componentParams(link: ComponentLink): unknown[] {
  return [
    link.productId,
    link.serialNumber,
    link.parent.productId,
    link.parent.serialNumber,
    link.top.productId,
    link.top.serialNumber,
    link.installedAt,
    BigInt(link.position),
  ];
}

/** The keys of serials as `json_each(?)` reads them: `[[productId, serialNumber], …]`. */
export const refsJson = (refs: readonly SerialRef[]): string =>
  JSON.stringify(refs.map((ref) => [ref.productId, ref.serialNumber]));

/**
 * The component tree (projections/component-links.ts): loads the links of the serials a batch names and
 * of everything installed in them, a level at a time on the parent index, folds the batch, and writes
 * each changed link once. Writes are guarded by position like every document's.
 */
export function componentsProjection(db: Database.Database): TableProjection {
  const ownLinks = db.prepare<[string], ComponentRow>(
    `SELECT c.* FROM json_each(?) AS k CROSS JOIN components AS c
     ON c.product_id = k.value ->> 0 AND c.serial_number = k.value ->> 1`,
  );
  const linksBelow = db.prepare<[string], ComponentRow>(
    `SELECT c.* FROM json_each(?) AS k CROSS JOIN components AS c
     ON c.parent_product_id = k.value ->> 0 AND c.parent_serial_number = k.value ->> 1`,
  );
  const upsert = db.prepare(
    guardedUpsertSql('components', COMPONENT_COLUMNS, ['product_id', 'serial_number']),
  );
  const remove = db.prepare<[string, string, bigint]>(
    'DELETE FROM components WHERE product_id = ? AND serial_number = ? AND position < ?',
  );
  return {
    name: 'components',
    eventTypes: new Set(COMPONENT_EVENT_TYPES),
    apply(events) {
      const named = serialsOfLinkEvents(events);
      const loaded = new Map<string, ComponentLink>();
      const keep = (rows: ComponentRow[]) =>
        rows.map(componentFromRow).filter((link) => {
          const fresh = !loaded.has(linkKey(link));
          loaded.set(linkKey(link), link);
          return fresh;
        });
      failingAt('components', events[0].position, () => {
        keep(ownLinks.all(refsJson(named)));
        for (let level: SerialRef[] = named; level.length > 0;) level = keep(linksBelow.all(refsJson(level)));
      });
      const { upserts, deletes } = failingAt('components', events[0].position, () =>
        foldComponentLinks(loaded.values(), events),
      );
      for (const link of upserts) {
        failingAt('components', BigInt(link.position), () => upsert.run(componentParams(link)));
      }
      for (const { ref, position } of deletes) {
        failingAt('components', BigInt(position), () =>
          remove.run(ref.productId, ref.serialNumber, BigInt(position)),
        );
      }
    },
  };
}
