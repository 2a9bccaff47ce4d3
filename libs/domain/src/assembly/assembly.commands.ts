import type { SerialRef } from '../serial/serial.events';

/** An assembly is at most this many levels deep, the outermost unit being level 1 (API.md). */
export const MAX_ASSEMBLY_LEVELS = 16;

/** One install names 1 to this many components (API.md). */
export const MAX_COMPONENTS_PER_INSTALL = 1000;

/** Builds a unit from serial-tracked parts, or replaces a part in the field. */
export type InstallComponents = {
  type: 'InstallComponents';
  data: { parent: SerialRef; components: readonly SerialRef[]; reference?: string };
};

/** Takes parts out of the unit they are installed in, on hand at `toLocationId` or scrapped there. */
export type UninstallComponents = {
  type: 'UninstallComponents';
  data: {
    parent: SerialRef;
    components: readonly SerialRef[];
    toLocationId: string;
    reason: string;
    reference?: string;
  };
};

export type AssemblyCommand = InstallComponents | UninstallComponents;

/** One text per serial, the same whichever command or stream names it. */
export const refKey = (ref: SerialRef): string => JSON.stringify([ref.productId, ref.serialNumber]);

export const sameSerial = (a: SerialRef, b: SerialRef): boolean =>
  a.productId === b.productId && a.serialNumber === b.serialNumber;
