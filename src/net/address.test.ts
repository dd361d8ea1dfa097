import { describe, expect, it } from 'vitest';
import { addressRefusal, classifyAddress, PUBLIC_ONLY } from './address';
import { urlRefusal } from './guarded-fetch';

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0.0.0.0', 'reserved'],
    ['::', 'reserved'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fd00::1', 'private'],
    ['fc12:3456::1', 'private'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2002:7f00:0001::', 'loopback'],
    ['::127.0.0.1', 'loopback'],
    ['224.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['ff02::1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['8.8.8.8', 'public'],
    ['172.32.0.1', 'public'],
    ['2606:4700::1111', 'public'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it('is undefined for what is not an address', () => {
    for (const text of ['example.com', '1.2.3', '1.2.3.256', '::1::2', 'fe80::g']) expect(classifyAddress(text)).toBeUndefined();
  });
});

describe('addressRefusal', () => {
  it('refuses everything but public addresses by default, naming why', () => {
    expect(addressRefusal('169.254.169.254', PUBLIC_ONLY)).toMatch(/link-local.*metadata/);
    expect(addressRefusal('127.0.0.1', PUBLIC_ONLY)).toMatch(/loopback/);
    expect(addressRefusal('8.8.8.8', PUBLIC_ONLY)).toBeUndefined();
  });

  it('allows loopback or private ranges only when the operator says so, never link-local', () => {
    expect(addressRefusal('127.0.0.1', { loopback: true, private: false })).toBeUndefined();
    expect(addressRefusal('10.0.0.1', { loopback: true, private: false })).toMatch(/private/);
    expect(addressRefusal('10.0.0.1', { loopback: false, private: true })).toBeUndefined();
    expect(addressRefusal('169.254.169.254', { loopback: true, private: true })).toMatch(/link-local/);
    expect(addressRefusal('::ffff:169.254.169.254', { loopback: true, private: true })).toMatch(/link-local/);
  });
});

describe('urlRefusal (worker side, no DNS)', () => {
  it('refuses other schemes, local names and internal literals', () => {
    expect(urlRefusal(new URL('file:///etc/passwd'), PUBLIC_ONLY)).toMatch(/only http/);
    expect(urlRefusal(new URL('http://localhost:8080/'), PUBLIC_ONLY)).toMatch(/local host/);
    expect(urlRefusal(new URL('http://metadata.google.internal/'), PUBLIC_ONLY)).toMatch(/local host/);
    expect(urlRefusal(new URL('http://2130706433/'), PUBLIC_ONLY)).toMatch(/loopback/); // the URL parser reads it as 127.0.0.1
    expect(urlRefusal(new URL('http://[::ffff:127.0.0.1]/'), PUBLIC_ONLY)).toMatch(/loopback/);
    expect(urlRefusal(new URL('https://api.example.com/openapi.json'), PUBLIC_ONLY)).toBeUndefined();
  });
});
