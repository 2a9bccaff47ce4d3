import { AddressPolicy, parseNetworks } from './address-policy';

describe('webhook address policy', () => {
  const strict = new AddressPolicy([]);

  it('refuses loopback, private, link-local (cloud metadata) and other internal addresses', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254']) {
      expect(strict.refusal(address)).toMatch(/internal address/);
    }
    for (const address of ['0.0.0.0', '100.64.0.1', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1']) {
      expect(strict.refusal(address)).toMatch(/internal address/);
    }
  });

  it('lets public addresses through', () => {
    for (const address of ['93.184.215.14', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8']) {
      expect(strict.refusal(address)).toBeUndefined();
    }
  });

  it('lets through the internal networks the operator allows, and no others', () => {
    const policy = new AddressPolicy(parseNetworks('127.0.0.0/8, 10.1.0.0/16, ::1'));
    expect(policy.refusal('127.0.0.1')).toBeUndefined();
    expect(policy.refusal('10.1.200.3')).toBeUndefined();
    expect(policy.refusal('::1')).toBeUndefined();
    expect(policy.refusal('10.2.0.1')).toMatch(/internal/);
    expect(policy.refusal('169.254.169.254')).toMatch(/internal/);
  });

  it('names an entry that is not a network', () => {
    expect(parseNetworks(' ')).toEqual([]);
    for (const bad of ['10.0.0.0/33', 'localhost', '10.0.0.0/8/1', '::1/129', '10.0.0.0/x']) {
      expect(() => parseNetworks(`127.0.0.1,${bad}`)).toThrow(JSON.stringify(bad));
    }
  });
});

describe('webhook URLs at creation', () => {
  it('refuses IP literals and localhost names inside, and leaves other names to delivery time', () => {
    const strict = new AddressPolicy([]);
    expect(strict.urlRefusal('http://169.254.169.254/latest/meta-data')).toMatch(/internal/);
    expect(strict.urlRefusal('http://[::1]:8080/hook')).toMatch(/internal/);
    expect(strict.urlRefusal('http://localhost:3000/hook')).toMatch(/internal/);
    expect(strict.urlRefusal('https://erp.example.com/hook')).toBeUndefined();
    expect(new AddressPolicy(parseNetworks('127.0.0.0/8')).urlRefusal('http://localhost/')).toBeUndefined();
  });
});
