/**
 * Classifying IP addresses for outbound fetches a caller asked for (a spec URL): loopback,
 * private, link-local (the cloud metadata service at 169.254.169.254), and every other range that
 * is not the public internet. IPv4 written inside IPv6 (`::ffff:127.0.0.1`, NAT64, 6to4) is judged
 * as the IPv4 address it carries. Pure: names are resolved by the shell (Node's DNS) before this.
 */

export type AddressClass = 'public' | 'loopback' | 'private' | 'link-local' | 'reserved';

/** What the operator allowed beyond the public internet. Link-local and reserved ranges never are. */
export interface AddressPolicy {
  loopback: boolean;
  private: boolean;
}

export const PUBLIC_ONLY: AddressPolicy = { loopback: false, private: false };

type Range = readonly [prefix: readonly number[], bits: number, kind: Exclude<AddressClass, 'public'>];

const V4: readonly Range[] = [
  [[0], 8, 'reserved'], // "this network"; 0.0.0.0 reaches the local host on Linux
  [[10], 8, 'private'],
  [[100, 64], 10, 'private'], // carrier-grade NAT
  [[127], 8, 'loopback'],
  [[169, 254], 16, 'link-local'], // includes the metadata service 169.254.169.254
  [[172, 16], 12, 'private'],
  [[192, 0, 0], 24, 'reserved'],
  [[192, 0, 2], 24, 'reserved'],
  [[192, 88, 99], 24, 'reserved'],
  [[192, 168], 16, 'private'],
  [[198, 18], 15, 'reserved'],
  [[198, 51, 100], 24, 'reserved'],
  [[203, 0, 113], 24, 'reserved'],
  [[224], 4, 'reserved'], // multicast
  [[240], 4, 'reserved'], // reserved and broadcast
];

const V6: readonly Range[] = [
  [[0xfc], 7, 'private'], // unique local
  [[0xfe, 0x80], 10, 'link-local'],
  [[0xfe, 0xc0], 10, 'private'], // deprecated site-local
  [[0xff], 8, 'reserved'], // multicast
  [[0x20, 0x01, 0x0d, 0xb8], 32, 'reserved'], // documentation
  [[0x20, 0x01, 0x00, 0x00], 32, 'reserved'], // Teredo (carries an obfuscated IPv4 address)
  [[0x01, 0x00, 0, 0, 0, 0, 0, 0], 64, 'reserved'], // discard
];

function inRange(bytes: readonly number[], prefix: readonly number[], bits: number): boolean {
  for (let bit = 0; bit < bits; bit += 8) {
    const left = Math.min(8, bits - bit);
    const mask = (0xff << (8 - left)) & 0xff;
    if ((bytes[bit / 8] & mask) !== ((prefix[bit / 8] ?? 0) & mask)) return false;
  }
  return true;
}

function parseV4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) return undefined;
  return parts.map(Number);
}

function parseV6(input: string): number[] | undefined {
  let text = input.startsWith('[') && input.endsWith(']') ? input.slice(1, -1) : input;
  text = text.replace(/%.*$/, ''); // zone id
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':')) return undefined;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseV4(text.slice(lastColon + 1));
    if (!v4) return undefined;
    tail = v4;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (!all.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
  const bytes = all.flatMap((group) => {
    const value = Number.parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** The class of an IP address literal (IPv4, or IPv6 with or without brackets); `undefined` when it is not one. */
export function classifyAddress(address: string): AddressClass | undefined {
  const v4 = parseV4(address);
  if (v4) return classifyV4(v4);
  const v6 = parseV6(address);
  if (!v6) return undefined;
  const zeros = (from: number, to: number) => v6.slice(from, to).every((b) => b === 0);
  if (zeros(0, 15) && v6[15] === 0) return 'reserved'; // ::
  if (zeros(0, 15) && v6[15] === 1) return 'loopback'; // ::1
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d): the IPv4 address decides.
  if (zeros(0, 10) && ((v6[10] === 0xff && v6[11] === 0xff) || (v6[10] === 0 && v6[11] === 0))) return classifyV4(v6.slice(12));
  if (inRange(v6, [0x00, 0x64, 0xff, 0x9b], 32)) return classifyV4(v6.slice(12));
  if (v6[0] === 0x20 && v6[1] === 0x02) return classifyV4(v6.slice(2, 6)); // 6to4
  for (const [prefix, bits, kind] of V6) if (inRange(v6, prefix, bits)) return kind;
  return 'public';
}

function classifyV4(bytes: readonly number[]): AddressClass {
  for (const [prefix, bits, kind] of V4) if (inRange(bytes, prefix, bits)) return kind;
  return 'public';
}

/**
 * Why a fetch to `address` is refused under `policy`, or `undefined` when it may go ahead.
 * @example addressRefusal('169.254.169.254', PUBLIC_ONLY) // 'a link-local address (…)'
 */
export function addressRefusal(address: string, policy: AddressPolicy): string | undefined {
  const kind = classifyAddress(address);
  if (kind === undefined) return `${address} is not an IP address`;
  if (kind === 'public') return undefined;
  if (kind === 'loopback' && (policy.loopback || policy.private)) return undefined;
  if (kind === 'private' && policy.private) return undefined;
  const why: Record<Exclude<AddressClass, 'public'>, string> = {
    loopback: 'a loopback address (this machine)',
    private: 'a private-network address',
    'link-local': 'a link-local address (the cloud metadata service lives here)',
    reserved: 'a reserved, multicast or documentation address',
  };
  return `${address} is ${why[kind]}`;
}

/** Host names that always mean this machine or a local network, refused before any lookup. */
export function isLocalName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || /\.(localhost|local|internal|home\.arpa|lan)$/.test(name) || !name.includes('.');
}
