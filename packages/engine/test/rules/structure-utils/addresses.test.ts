import { describe, expect, it } from 'vitest';
import {
  cidrHasPublic,
  isPublicStatusAddress,
} from '../../../src/rules/structure-utils/addresses.ts';

// Which loadBalancerSourceRanges entries admit the Internet (EXPOSES through
// a LoadBalancer Service), and which status addresses of a Gateway or an
// Ingress count as public. Each case sits on an edge of a private block.
describe('cidrHasPublic: does a source range admit a public address', () => {
  it.each([
    // the whole IPv4 space, and ranges just outside each private block
    ['0.0.0.0/0', true],
    ['8.8.8.8', true],
    ['8.8.8.8/32', true],
    ['8.8.8.255', true],
    ['11.0.0.0/8', true],
    ['10.0.0.0/7', true],
    ['100.63.255.255', true],
    ['100.128.0.0/10', true],
    ['100.64.0.0/9', true],
    ['126.255.255.255', true],
    ['169.253.0.0/16', true],
    ['169.254.0.0/15', true],
    ['172.15.255.255', true],
    ['172.32.0.0/12', true],
    ['172.16.0.0/11', true],
    ['192.169.0.0/16', true],
    ['192.168.0.0/15', true],
    ['1.0.0.0/8', true],
    [' 8.8.8.8/32 ', true],
  ])('%j admits the Internet', (cidr, expected) => {
    expect(cidrHasPublic(cidr)).toBe(expected);
  });

  it.each([
    // wholly inside "this network", RFC 1918, RFC 6598, loopback, link-local
    ['0.1.2.3', false],
    ['0.0.0.0/8', false],
    ['10.0.0.0/8', false],
    ['10.1.2.3', false],
    ['10.255.255.255/32', false],
    ['100.64.0.0/10', false],
    ['100.127.255.255', false],
    ['127.0.0.1', false],
    ['127.0.0.0/8', false],
    ['169.254.169.254', false],
    ['169.254.0.0/16', false],
    ['172.16.0.0/12', false],
    ['172.31.255.255', false],
    ['192.168.1.0/24', false],
    ['192.168.0.0/16', false],
  ])('%j stays private', (cidr, expected) => {
    expect(cidrHasPublic(cidr)).toBe(expected);
  });

  it.each([
    // malformed entries admit nobody (the API server refuses them anyway)
    ['8.8.8.8/33', false],
    ['8.8.8.8/-1', false],
    ['8.8.8.8/1.5', false],
    ['8.8.8.8/abc', false],
    ['8.8.8.256', false],
    ['8.8.8.+8', false],
    ['8.8.8.1e1', false],
    ['8.8.8.8.8', false],
    ['8.8.8', false],
    ['example.com', false],
    ['', false],
  ])('%j is not a range', (cidr, expected) => {
    expect(cidrHasPublic(cidr)).toBe(expected);
  });

  it.each([
    ['::/0', true],
    ['::/6', true],
    // a prefix under /7 spans public space even when written with a private head
    ['fc00::/6', true],
    ['2001:db8::/32', true],
    ['2001:db8::1', true],
    ['2001:db8::/128', true],
    // fe80::/9 spans fec0::/10 too, which is not link-local
    ['fe80::/9', true],
    ['fe00::/9', true],
    // unique local fc00::/7 and link-local fe80::/10
    ['fc00::/7', false],
    ['fc00::/8', false],
    ['fd00::/8', false],
    ['fd12:3456::/48', false],
    ['fe80::/10', false],
    ['fe80::1', false],
    ['::1', false],
    ['2001:db8::/129', false],
    ['fc00::/-1', false],
  ])('IPv6 %j: public %j', (cidr, expected) => {
    expect(cidrHasPublic(cidr)).toBe(expected);
  });
});

describe('isPublicStatusAddress: a Gateway or Ingress status address', () => {
  it.each([
    ['8.8.8.8', undefined, true],
    ['10.0.0.1', 'IPAddress', false],
    ['2001:db8::1', 'IPAddress', true],
    ['fd00::1', 'IPAddress', false],
    ['lb.example.com', 'Hostname', true],
    ['LB.Example.COM.', undefined, true],
    ['a1b2.elb.us-east-1.amazonaws.com', undefined, true],
    // a named address is a reference, not an address the Internet reaches
    ['lb.example.com', 'NamedAddress', false],
    ['lb.example.com', '', true],
    // internal zones, in any case and with a trailing root dot
    ['db.svc', undefined, false],
    ['db.svc.', undefined, false],
    ['web.cluster.local', undefined, false],
    ['Printer.LOCAL', undefined, false],
    ['gw.internal', undefined, false],
    ['box.localdomain', undefined, false],
    ['internal-my-elb-123.us-east-1.elb.amazonaws.com', 'Hostname', false],
    ['my-internal-elb.example.com', 'Hostname', true],
    // single-label names are not resolvable from the Internet
    ['localhost', undefined, false],
    ['localhost.', undefined, false],
    ['myhost', undefined, false],
    ['.', undefined, false],
  ])('%j (type %j): public %j', (value, type, expected) => {
    expect(isPublicStatusAddress(value, type)).toBe(expected);
  });
});
