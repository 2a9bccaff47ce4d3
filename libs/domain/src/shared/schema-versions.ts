import type { StoredEvent } from './recorded';

/**
 * The schema version of each event type's data (DESIGN.md "Events": a schema never changes in place; a
 * new shape is a new version, and an upcaster reads the old one). Types not named here are at 1.
 * Version 2 of the correction events carries the counterpart's facts that the correction hands over;
 * of LocationRegistered the parent and path, of ProductRegistered the serial format, of SerialDelivered
 * the warranty it starts (one event per delivered serial instead of two).
 */
const EVENT_SCHEMA_VERSIONS: Readonly<Record<string, number>> = {
  SerialDelivered: 2,
  SerialCorrectedOut: 2,
  SerialCorrectedIn: 2,
  LocationRegistered: 2,
  ProductRegistered: 2,
};

/** The version the domain writes an event of this type in, recorded as metadata `schemaVersion`. */
export function eventSchemaVersion(type: string): number {
  return EVENT_SCHEMA_VERSIONS[type] ?? 1;
}

/**
 * The version a stored event was written in: its metadata's `schemaVersion`, 1 when the metadata has
 * none (every event stored before versions were per type says 1). An event without metadata was never
 * stored: the domain made it, in the current version.
 */
export function storedSchemaVersion(event: StoredEvent): number {
  if (event.metadata === undefined) return eventSchemaVersion(event.type);
  const version = Number(event.metadata.schemaVersion ?? '1');
  return Number.isInteger(version) && version > 0 ? version : 1;
}
