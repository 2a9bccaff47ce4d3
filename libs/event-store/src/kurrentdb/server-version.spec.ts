import { assertSupportedServerVersion, UnsupportedServerVersionError } from './server-version';

describe('assertSupportedServerVersion', () => {
  it.each(['25.1.0.2001', '25.1.0-rc.1', '25.2.0.0', '26.0.0.100', '100.0.0.0'])('accepts %s', (version) => {
    expect(() => assertSupportedServerVersion(version)).not.toThrow();
  });

  it.each(['25.0.1.2001', '24.10.0.0', '23.10.1.0', '20.6.1.0', '5.0.11.0'])(
    'refuses %s as too old',
    (version) => {
      expect(() => assertSupportedServerVersion(version)).toThrow(UnsupportedServerVersionError);
    },
  );

  it.each(['unknown', '', 'v25.1'])('refuses a server that reports no version (%j)', (version) => {
    expect(() => assertSupportedServerVersion(version)).toThrow(UnsupportedServerVersionError);
  });

  it('keeps the reported version on the error', () => {
    const error = (() => {
      try {
        assertSupportedServerVersion('24.10.0.0');
      } catch (caught) {
        return caught as UnsupportedServerVersionError;
      }
    })();

    expect(error?.serverVersion).toBe('24.10.0.0');
  });
});
