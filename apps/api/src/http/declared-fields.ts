import { getMetadataStorage } from 'class-validator';
import type { FieldError } from './application-errors';

type TransformerStorage = typeof import('class-transformer/types/storage');
// The storage behind @Type(): it knows the class of a nested DTO (a line of a movement) that the
// emitted design type (Array) does not. Not exported at the package's top level.
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as TransformerStorage;

/** A DTO class, as Nest hands it to pipes. */
export type DtoClass = abstract new (...args: never[]) => unknown;

/** The properties a DTO class declares (its decorators, inherited ones too), with their nested class. */
type DeclaredFields = ReadonlyMap<string, DtoClass | undefined>;
const declaredByClass = new WeakMap<DtoClass, DeclaredFields>();

/**
 * Every key of a body that its DTO does not declare, at any depth (`range.valueOf`,
 * `lines.0.constructor`). class-validator's whitelist looks names up in a plain object, so a key
 * named after an Object.prototype member (`constructor`, `toString`, `valueOf` …) counted as
 * declared and was silently dropped; here the names are compared as they are.
 */
export function undeclaredFields(value: unknown, type: DtoClass, path?: string): FieldError[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => undeclaredFields(item, type, join(path, String(index))));
  }
  if (value === null || typeof value !== 'object') return [];
  const declared = declaredFields(type);
  if (declared.size === 0) return [];
  return Object.keys(value).flatMap((key) => {
    const field = join(path, key);
    if (!declared.has(key)) return [{ field, message: `property ${key} should not exist` }];
    const nested = declared.get(key);
    return nested === undefined
      ? []
      : undeclaredFields((value as Record<string, unknown>)[key], nested, field);
  });
}

function declaredFields(type: DtoClass): DeclaredFields {
  let fields = declaredByClass.get(type);
  if (fields === undefined) {
    const metadata = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
    fields = new Map(
      metadata.map(({ propertyName }) => [
        propertyName,
        defaultMetadataStorage.findTypeMetadata(type, propertyName)?.typeFunction() as DtoClass | undefined,
      ]),
    );
    declaredByClass.set(type, fields);
  }
  return fields;
}

const join = (path: string | undefined, key: string) => (path === undefined ? key : `${path}.${key}`);
