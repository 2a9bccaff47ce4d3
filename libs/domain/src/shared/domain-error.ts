/** The stable error codes of API.md that the domain can raise. Clients branch on these. */
export type DomainErrorCode =
  | 'PRODUCT_ALREADY_EXISTS'
  | 'LOCATION_ALREADY_EXISTS'
  | 'MOVEMENT_ALREADY_EXISTS'
  | 'SERIAL_ALREADY_EXISTS'
  | 'SERIAL_NOT_AT_LOCATION'
  | 'SERIAL_RESERVED'
  | 'SERIAL_NOT_DELIVERED_TO_CUSTOMER'
  | 'SERIAL_NOT_FOUND'
  | 'MOVEMENT_NOT_PENDING'
  | 'PRODUCT_NOT_FOUND'
  | 'LOCATION_NOT_FOUND'
  | 'PRODUCT_NOT_SERIAL_TRACKED'
  | 'TRACKING_REQUIRES_STORABLE'
  | 'INVALID_LOCATION_TYPE'
  | 'QUANTITY_MISMATCH'
  | 'DUPLICATE_IN_REQUEST'
  | 'WEBHOOK_ALREADY_EXISTS'
  | 'PRODUCT_HAS_SERIALS'
  | 'GTIN_ALREADY_USED'
  | 'SERIAL_INSTALLED'
  | 'SERIAL_NOT_INSTALLED'
  | 'ASSEMBLY_CYCLE'
  | 'ASSEMBLY_TOO_DEEP'
  | 'INVALID_LOCATION_PARENT'
  /** A serial that does not match its product's serialFormat: a 400, like any input of the wrong shape. */
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND';

/** One serial that broke a rule, with the rule's code. */
export interface SerialViolation {
  readonly serialNumber: string;
  readonly code: DomainErrorCode;
  readonly detail: string;
}

/**
 * The one error type deciders throw. `serialNumbers` names every offending serial of the request,
 * not only the first; `violations` says which rule each one broke when they differ.
 */
export class DomainError extends Error {
  readonly serialNumbers: readonly string[];
  readonly violations: readonly SerialViolation[];

  constructor(
    readonly code: DomainErrorCode,
    detail: string,
    violations: readonly SerialViolation[] = [],
  ) {
    super(detail);
    this.name = 'DomainError';
    this.violations = violations;
    this.serialNumbers = violations.map((v) => v.serialNumber);
  }

  /** One error for a whole request: the first violation's code leads, every serial is listed. */
  static fromViolations(violations: readonly SerialViolation[]): DomainError {
    const [first] = violations;
    const more = violations.length - 1;
    const detail =
      more === 0 ? first.detail : `${first.detail}; ${more} more serial numbers were rejected too`;
    return new DomainError(first.code, detail, violations);
  }
}
