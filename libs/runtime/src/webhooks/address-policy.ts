import { BlockList, isIP } from 'node:net';

type Family = 'ipv4' | 'ipv6';

/**
 * Where a webhook URL points inside the service's own network (loopback, private ranges, link-local with
 * the cloud metadata address 169.254.169.254, carrier-grade NAT, multicast, reserved): an admin could
 * otherwise make the service POST to internal systems (SSRF). Refused unless WEBHOOK_ALLOWED_NETWORKS
 * names the network.
 */
const INTERNAL_NETWORKS: readonly [string, number, Family][] = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['224.0.0.0', 3, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
];

export interface Network {
  readonly address: string;
  readonly prefix: number;
  readonly family: Family;
}

/** `10.1.0.0/16, 127.0.0.1, ::1/128` → networks; throws naming the first entry that is not one. */
export function parseNetworks(text: string): Network[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const [address, prefixText, ...rest] = entry.split('/');
      const version = isIP(address);
      const max = version === 6 ? 128 : 32;
      const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
      if (version === 0 || rest.length > 0 || !(prefix >= 0 && prefix <= max)) {
        throw new Error(`${JSON.stringify(entry)} is not an IP address or CIDR network`);
      }
      return { address, prefix, family: version === 6 ? 'ipv6' : 'ipv4' };
    });
}

export class AddressPolicy {
  private readonly internal = new BlockList();
  private readonly allowed = new BlockList();

  constructor(readonly allowedNetworks: readonly Network[]) {
    for (const [address, prefix, family] of INTERNAL_NETWORKS)
      this.internal.addSubnet(address, prefix, family);
    for (const { address, prefix, family } of allowedNetworks)
      this.allowed.addSubnet(address, prefix, family);
  }

  /**
   * Checked when a webhook is created, before any DNS: an IP literal or a `localhost` name that points
   * inside. Names are checked again at every delivery, on the addresses they resolve to.
   */
  urlRefusal(url: string): string | undefined {
    const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    if (host === 'localhost' || host.endsWith('.localhost')) return this.refusal('127.0.0.1');
    return isIP(host) === 0 ? undefined : this.refusal(host);
  }

  /** Why the service must not connect to `address` (an IP), or undefined when it may. */
  refusal(address: string): string | undefined {
    const [plain, family] = unmapped(address);
    if (family === undefined) return `${address} is not an IP address`;
    if (!this.internal.check(plain, family) || this.allowed.check(plain, family)) return undefined;
    return `${address} is an internal address, and WEBHOOK_ALLOWED_NETWORKS does not allow it`;
  }
}

/** IPv4-mapped IPv6 (`::ffff:10.0.0.1`) is checked as the IPv4 address it reaches. */
function unmapped(address: string): [string, Family | undefined] {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped !== undefined) return [mapped, 'ipv4'];
  const version = isIP(address);
  return [address, version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : undefined];
}
