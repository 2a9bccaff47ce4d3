// Neither library ships type declarations; these cover only what parse-scan.ts uses.

declare module 'gs1-barcode-parser-mod' {
  export interface ParsedElement {
    ai: string;
    dataTitle: string;
    data: string | number | Date;
    unit: string;
    /** YYYY-MM-DD for date elements, '' otherwise. */
    isoDate: string;
    /** The untouched characters the element was read from. */
    raw: string;
  }

  export interface ParsedBarcode {
    codeName: string;
    parsedCodeItems: ParsedElement[];
  }

  /** Throws a plain string (not an Error) describing what it could not parse. */
  export function parseBarcode(barcode: string): ParsedBarcode;
}

declare module 'digital-link.js' {
  export interface DigitalLinkInstance {
    getDomain(): string;
    getIdentifier(): Record<string, string>;
    getKeyQualifiers(): Record<string, string>;
    getAttributes(): Record<string, string>;
    /** The GS1 Digital Link ABNF grammar and the identifier's check digit. */
    isValid(): boolean;
  }

  /** Throws an Error when the URL has no GS1 primary key in its path. */
  export function DigitalLink(input: string): DigitalLinkInstance;
}
