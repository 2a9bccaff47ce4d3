/** ERP ids (API.md): 1-64 characters from [A-Za-z0-9._:/-], case-sensitive. */
export const ENTITY_ID_PATTERN = /^[A-Za-z0-9._:/-]{1,64}$/;
/** Serial numbers: 1-128 printable characters. Control, format (bidi overrides), surrogate and line/paragraph separators are not printable. */
export const SERIAL_NUMBER_PATTERN = /^[^\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]{1,128}$/u;
export const MAX_SERIALS_PER_REQUEST = 10_000;
