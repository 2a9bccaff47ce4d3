import { applyDecorators, Injectable, type PipeTransform, type ArgumentMetadata } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { ValidationFailedError } from '../http/application-errors';
import { ENTITY_ID_PATTERN, normalizeSerialNumber, SERIAL_NUMBER_PATTERN } from '@serial/domain';

/** Ids in the URL have the same shape as in bodies; a wrong shape is 400, not 404. */
@Injectable()
export class EntityIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!ENTITY_ID_PATTERN.test(value)) {
      throw new ValidationFailedError([
        { field: metadata.data ?? 'id', message: 'must be 1-64 characters from A-Z a-z 0-9 . _ : / -' },
      ]);
    }
    return value;
  }
}

/**
 * A serial number in the URL is percent-encoded (`SN%2F01`); the router has decoded it already. It
 * is read in NFC like everywhere else, so the path finds the serial the body created.
 */
@Injectable()
export class SerialNumberPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    const serialNumber = normalizeSerialNumber(value);
    if (!SERIAL_NUMBER_PATTERN.test(serialNumber)) {
      throw new ValidationFailedError([
        { field: metadata.data ?? 'serialNumber', message: 'must be 1-128 printable characters' },
      ]);
    }
    return serialNumber;
  }
}

/** A path parameter as the OpenAPI document shows it. */
export const ApiPathParam = (name: string, description: string, example: string) =>
  ApiParam({ name, description, schema: { type: 'string', example } });

/** `/products/{productId}/serials/{serialNumber}`: both percent-encoded in the URL. */
export const ApiSerialPath = () =>
  applyDecorators(
    ApiPathParam('productId', 'Product id', 'LAPTOP-15'),
    ApiPathParam('serialNumber', 'Serial number, percent-encoded (`SN/01` is `SN%2F01`)', 'SN-0098'),
  );
