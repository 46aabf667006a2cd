/**
 * Public versus private address ranges for exposure (catalog 3.1): a
 * `loadBalancerSourceRanges` entry admits the Internet when it is not wholly
 * inside a private, shared, loopback or link-local block; a Gateway address
 * or a Service `externalIPs` entry is public per `isPublicAddress` (node
 * facts, catalog 2.8). Hostnames count as public unless they name an
 * internal zone or an AWS internal load balancer (`internal-` prefix).
 *
 * Reference: RFC 1918, RFC 6598, RFC 4193.
 */

import { isPublicAddress } from '../../predicates/node-facts.ts';

const PRIVATE_V4: readonly (readonly [number, number])[] = [
  [0x00000000, 8],
  [0x0a000000, 8],
  [0x64400000, 10],
  [0x7f000000, 8],
  [0xa9fe0000, 16],
  [0xac100000, 12],
  [0xc0a80000, 16],
];

function ipv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

/** Whether a CIDR (or a bare address) contains at least one public address. */
export function cidrHasPublic(cidr: string): boolean {
  const [address = '', prefixText] = cidr.trim().split('/');
  const v4 = ipv4(address);
  if (v4 !== undefined) {
    const prefix = prefixText === undefined ? 32 : Number(prefixText);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) return false;
    return !PRIVATE_V4.some(([block, bits]) => {
      if (prefix < bits) return false;
      const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
      return (v4 & mask) >>> 0 === block;
    });
  }
  if (!address.includes(':')) return false;
  const prefix = prefixText === undefined ? 128 : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 128) return false;
  // Private IPv6 blocks are fc00::/7 and fe80::/10: a shorter prefix spans public space.
  if (prefix < 7) return true;
  if (prefix < 10) {
    const head = Number.parseInt(
      (address.split(':')[0] ?? '').padStart(4, '0'),
      16,
    );
    return Number.isNaN(head) || (head & 0xfe00) !== 0xfc00;
  }
  return isPublicAddress(address);
}

const INTERNAL_SUFFIXES = [
  '.local',
  '.internal',
  '.svc',
  '.cluster.local',
  '.localdomain',
];

/** A status address: an IP literal judged by range, a hostname by its zone. */
export function isPublicStatusAddress(value: string, type?: string): boolean {
  if (type === 'NamedAddress') return false;
  if (ipv4(value) !== undefined || value.includes(':'))
    return isPublicAddress(value);
  const host = value.toLowerCase().replace(/\.$/, '');
  if (host === '' || host === 'localhost') return false;
  if (host.startsWith('internal-')) return false;
  return (
    !INTERNAL_SUFFIXES.some(suffix => host.endsWith(suffix)) &&
    host.includes('.')
  );
}

export { isPublicAddress };
