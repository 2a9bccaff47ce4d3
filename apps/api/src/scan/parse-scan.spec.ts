import { InvalidScanError, parseScan, type InvalidScanReason } from './parse-scan';

const GS = '\u001d';
/** GS1's own example GTIN (GTIN-13 9506000134352 with its valid check digit, as a GTIN-14). */
const GTIN = '09506000134352';
const FULL = { serialNumber: 'SN-1', gtin: GTIN, lot: 'LOT7', expiry: '2026-12-31' };

function reasonOf(code: string): InvalidScanReason | 'no error' {
  try {
    parseScan(code);
    return 'no error';
  } catch (error) {
    if (error instanceof InvalidScanError) return error.reason;
    throw error;
  }
}

describe('parseScan', () => {
  describe('GS1 element strings', () => {
    it.each([
      ['GS1-128 with ]C1 and FNC1 as GS', `]C101${GTIN}17261231` + `10LOT7${GS}21SN-1`],
      ['GS1 DataMatrix with ]d2, serial before lot', `]d201${GTIN}21SN-1${GS}10LOT7${GS}17261231`],
      ['GS1 QR Code with ]Q3', `]Q301${GTIN}17261231` + `10LOT7${GS}21SN-1`],
      ['no symbology identifier', `01${GTIN}17261231` + `10LOT7${GS}21SN-1`],
      ['FNC1 in first position sent as GS', `${GS}01${GTIN}17261231` + `10LOT7${GS}21SN-1`],
      ['GS right after the symbology identifier', `]C1${GS}01${GTIN}17261231` + `10LOT7${GS}21SN-1`],
      ['bracketed human-readable form', `(01)${GTIN}(17)261231(10)LOT7(21)SN-1`],
      ['bracketed form behind a symbology identifier', `]C1(01)${GTIN}(17)261231(10)LOT7(21)SN-1`],
      ['a keyboard-wedge line ending', `]C101${GTIN}17261231` + `10LOT7${GS}21SN-1\r\n`],
    ])('reads %s', (_form, code) => {
      expect(parseScan(code)).toEqual(FULL);
    });

    it('reads a day of 00 as the last day of the month (GS1 General Specifications 3.4)', () => {
      expect(parseScan(`(01)${GTIN}(17)270200(21)A`).expiry).toBe('2027-02-28');
      expect(parseScan(`(01)${GTIN}(17)281200(21)A`).expiry).toBe('2028-12-31');
    });

    it('gives only the fields the code carries', () => {
      expect(parseScan(`]C101${GTIN}21SN-1`)).toEqual({ serialNumber: 'SN-1', gtin: GTIN });
      expect(parseScan(`]C121SN-1`)).toEqual({ serialNumber: 'SN-1' });
    });

    it('ignores the AIs it does not read', () => {
      expect(parseScan(`(01)${GTIN}(11)250101(21)SN-1(240)PART-9`)).toEqual({
        serialNumber: 'SN-1',
        gtin: GTIN,
      });
    });

    it('keeps the serial as printed, slashes and case included', () => {
      expect(parseScan(`]d201${GTIN}21Ab/01${GS}10L1`).serialNumber).toBe('Ab/01');
    });

    it.each([
      ['GS1-128', `]C101${'09506000134353'}21SN-1`],
      ['bracketed', '(01)09506000134353(17)261231(10)LOT7(21)SN-1'],
      ['unmarked', `0109506000134353` + `21SN-1`],
    ])('refuses a GTIN with a wrong check digit (%s)', (_form, code) => {
      expect(reasonOf(code)).toBe('GTIN_CHECK_DIGIT');
    });

    it('refuses a code without a serial number (AI 21): a scan must name a serial', () => {
      expect(reasonOf(`(01)${GTIN}(17)261231(10)LOT7`)).toBe('NO_SERIAL_NUMBER');
      expect(reasonOf(`]C101${GTIN}`)).toBe('NO_SERIAL_NUMBER');
    });

    it.each([
      ['a truncated GTIN', `]C10109506000134`],
      ['a GTIN with a letter', `]C1010950600013435X21SN-1`],
      ['an unknown AI', `]C1${'2'}`],
      ['a month out of range', `(01)${GTIN}(17)261332(21)SN-1`],
      ['a month out of range with day 00', `(01)${GTIN}(17)261300(21)SN-1`],
      ['a day out of range', `(01)${GTIN}(17)260231(21)SN-1`],
      ['a bracketed AI that does not match the data', `(01)${GTIN}(017)250630(21)SN-1`],
    ])('refuses %s', (_what, code) => {
      expect(reasonOf(code)).toBe('MALFORMED_GS1');
    });
  });

  describe('GS1 Digital Link URLs', () => {
    it('reads the canonical form, expiry from the query', () => {
      expect(parseScan(`https://id.gs1.org/01/${GTIN}/10/LOT7/21/SN-1?17=261231`)).toEqual(FULL);
    });

    it('reads a custom domain with a path prefix and a link type', () => {
      const url = `https://scan.example.com/p/01/${GTIN}/10/LOT7/21/SN-1?17=261231&linkType=gs1:pip`;
      expect(parseScan(url)).toEqual(FULL);
    });

    it('decodes percent-encoded values and pads a GTIN-13 to 14 digits', () => {
      expect(parseScan('https://example.com/01/9506000134352/21/SN%2F01')).toEqual({
        serialNumber: 'SN/01',
        gtin: GTIN,
      });
    });

    it('reads an upper-case URL (QR alphanumeric mode)', () => {
      expect(parseScan(`HTTPS://ID.GS1.ORG/01/${GTIN}/21/SN-1`)).toEqual({
        serialNumber: 'SN-1',
        gtin: GTIN,
      });
    });

    it('refuses a GTIN with a wrong check digit', () => {
      expect(reasonOf('https://id.gs1.org/01/09506000134353/21/SN-1')).toBe('GTIN_CHECK_DIGIT');
      expect(reasonOf('https://id.gs1.org/01/9506000134353/21/SN-1')).toBe('GTIN_CHECK_DIGIT');
    });

    it('refuses a link without a serial number', () => {
      expect(reasonOf(`https://id.gs1.org/01/${GTIN}/10/LOT7`)).toBe('NO_SERIAL_NUMBER');
    });

    it.each([
      ['a URL that is no Digital Link', 'https://example.com/products/42'],
      ['a key other than a GTIN', 'https://id.gs1.org/00/095060001343520004/21/X'],
      ['qualifiers out of the grammar order', `https://id.gs1.org/01/${GTIN}/21/SN-1/10/LOT7`],
      ['an expiry that is no date', `https://id.gs1.org/01/${GTIN}/21/SN-1?17=261399`],
    ])('refuses %s', (_what, url) => {
      expect(reasonOf(url)).toBe('MALFORMED_DIGITAL_LINK');
    });
  });

  describe('plain codes', () => {
    it('returns the code as the serial, trimmed', () => {
      expect(parseScan('SN-12345')).toEqual({ serialNumber: 'SN-12345' });
      expect(parseScan('  sn 12345 \n')).toEqual({ serialNumber: 'sn 12345' });
    });

    it('does not read digits that merely look like AIs as GS1', () => {
      expect(parseScan('1234567890')).toEqual({ serialNumber: '1234567890' });
    });

    it('applies the serial-number shape of the API: 1-128 printable characters', () => {
      expect(parseScan('S'.repeat(128)).serialNumber).toHaveLength(128);
      expect(reasonOf('S'.repeat(129))).toBe('SERIAL_NUMBER_SHAPE');
      expect(reasonOf('   ')).toBe('SERIAL_NUMBER_SHAPE');
      expect(reasonOf('SN\u202E1')).toBe('SERIAL_NUMBER_SHAPE');
    });
  });
});
