/**
 * Values for string formats. Static mode returns one fixed, readable value per format; dynamic
 * mode draws from the seeded source. Formats that tolerate it (uri, email, hostname, byte,
 * password, binary…) are stretched or shrunk to a length range; fixed-shape ones are not.
 */
import type { Random } from './random';
import type { Mode } from './types';

export interface FormatRequest {
  random: Random;
  mode: Mode;
  min: number;
  max: number;
}

type FormatMaker = (request: FormatRequest) => string;

const WORDS = ['alpha', 'bravo', 'delta', 'echo', 'nova', 'orbit', 'pixel', 'quartz', 'river', 'summit', 'tango', 'zephyr'];
const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function chars(random: Random, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[random.int(0, alphabet.length - 1)];
  return out;
}

/** A target length inside [min, max] near `natural`. */
function lengthWithin(natural: number, min: number, max: number): number {
  return Math.max(min, Math.min(natural, max));
}

function dateParts(request: FormatRequest): { y: number; m: number; d: number } {
  if (request.mode === 'static') return { y: 2024, m: 5, d: 17 };
  return { y: request.random.int(2018, 2027), m: request.random.int(1, 12), d: request.random.int(1, 28) };
}

function timeParts(request: FormatRequest): string {
  if (request.mode === 'static') return '09:30:00';
  const { random } = request;
  return `${pad2(random.int(0, 23))}:${pad2(random.int(0, 59))}:${pad2(random.int(0, 59))}`;
}

function date(request: FormatRequest): string {
  const { y, m, d } = dateParts(request);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

function dateTime(request: FormatRequest): string {
  return `${date(request)}T${timeParts(request)}Z`;
}

function uuid(request: FormatRequest): string {
  if (request.mode === 'static') return '3f2b8c4e-9d1a-4b6e-8f7c-2a5d9e0b1c3f';
  const hex = chars(request.random, '0123456789abcdef', 32).split('');
  hex[12] = '4';
  hex[16] = '89ab'[request.random.int(0, 3)];
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function word(request: FormatRequest): string {
  return request.mode === 'static' ? WORDS[0] : request.random.pick(WORDS);
}

/** A host label stretched to fit: `example.com` by default, longer labels when a minimum asks. */
function host(request: FormatRequest, room: number): string {
  const base = request.mode === 'static' ? 'example' : `${word(request)}-${request.random.int(1, 99)}`;
  const label = room > base.length + 4 ? (base + chars(request.random, ALNUM, room - base.length - 4)).slice(0, 63) : base;
  return `${label}.com`;
}

function email(request: FormatRequest): string {
  const local = request.mode === 'static' ? 'jane.doe' : `${word(request)}.${request.random.int(1, 999)}`;
  const domain = 'example.com';
  const want = lengthWithin(local.length + 1 + domain.length, request.min, request.max);
  const localLength = Math.min(64, Math.max(1, want - 1 - domain.length));
  const fitted = localLength <= local.length ? local.slice(0, localLength) : local + chars(request.random, ALNUM, localLength - local.length);
  // A local part may not end with a dot.
  return `${fitted.replace(/\.+$/, 'x')}@${domain}`;
}

function uri(request: FormatRequest): string {
  const base = `https://${host(request, 0)}`;
  const path = request.mode === 'static' ? '/resources/1' : `/${word(request)}/${request.random.int(1, 9999)}`;
  const natural = base + path;
  const want = lengthWithin(natural.length, request.min, request.max);
  if (want <= natural.length) return want >= base.length ? natural.slice(0, want) : natural;
  return natural + '/' + chars(request.random, ALNUM, want - natural.length - 1);
}

function uriReference(request: FormatRequest): string {
  const path = request.mode === 'static' ? '/resources/1' : `/${word(request)}/${request.random.int(1, 9999)}`;
  const want = lengthWithin(path.length, request.min, request.max);
  if (want <= path.length) return path.slice(0, Math.max(1, want));
  return path + '/' + chars(request.random, ALNUM, want - path.length - 1);
}

function hostname(request: FormatRequest): string {
  const natural = host(request, request.min);
  return natural.length > request.max && request.max >= 1 ? 'a'.repeat(Math.min(63, request.max)) : natural;
}

function ipv4(request: FormatRequest): string {
  if (request.mode === 'static') return '192.168.1.10';
  const { random } = request;
  return `${random.int(1, 223)}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`;
}

function ipv6(request: FormatRequest): string {
  if (request.mode === 'static') return '2001:db8:85a3::8a2e:370:7334';
  const groups: string[] = [];
  for (let i = 0; i < 8; i++) groups.push(request.random.int(0, 0xffff).toString(16));
  return groups.join(':');
}

function byte(request: FormatRequest): string {
  // Base64 comes in blocks of four characters; pick the block count that fits the range.
  const natural = request.mode === 'static' ? 16 : request.random.int(2, 6) * 4;
  let blocks = Math.ceil(lengthWithin(natural, request.min, request.max) / 4);
  if (blocks * 4 > request.max) blocks = Math.floor(request.max / 4);
  // "Sample data " has no padding, so repeats of it stay valid base64.
  if (request.mode === 'static') return 'U2FtcGxlIGRhdGEg'.repeat(Math.ceil(blocks / 4)).slice(0, blocks * 4);
  return chars(request.random, BASE64, blocks * 4);
}

function stretch(text: string, request: FormatRequest, alphabet: string): string {
  const want = lengthWithin(text.length, request.min, request.max);
  return want <= text.length ? text.slice(0, want) : text + chars(request.random, alphabet, want - text.length);
}

function password(request: FormatRequest): string {
  const natural = request.mode === 'static' ? 'Secr3t!Pass' : `${chars(request.random, ALNUM, 10)}A!`;
  return stretch(natural, request, ALNUM);
}

function binary(request: FormatRequest): string {
  const natural = request.mode === 'static' ? 'binary-content' : chars(request.random, ALNUM, 16);
  return stretch(natural, request, ALNUM);
}

function duration(request: FormatRequest): string {
  if (request.mode === 'static') return 'P1DT2H30M';
  const { random } = request;
  return random.pick([`PT${random.int(1, 59)}M`, `P${random.int(1, 30)}D`, `PT${random.int(1, 23)}H${random.int(1, 59)}M`, `P${random.int(1, 12)}W`]);
}

function time(request: FormatRequest): string {
  return `${timeParts(request)}Z`;
}

function digits(request: FormatRequest): string {
  const natural = request.mode === 'static' ? '1024' : String(request.random.int(1, 999999));
  return stretch(natural, request, '0123456789');
}

function decimal(request: FormatRequest): string {
  return request.mode === 'static' ? '19.99' : `${request.random.int(1, 999)}.${pad2(request.random.int(0, 99))}`;
}

const MAKERS: Record<string, FormatMaker> = {
  'date-time': dateTime,
  date,
  time,
  duration,
  uuid,
  guid: uuid,
  email,
  'idn-email': email,
  uri,
  url: uri,
  iri: uri,
  'uri-reference': uriReference,
  'iri-reference': uriReference,
  'uri-template': (request) => `${uri({ ...request, min: 0, max: Number.POSITIVE_INFINITY })}/{id}`,
  hostname,
  'idn-hostname': hostname,
  ipv4,
  ipv6,
  byte,
  base64: byte,
  binary,
  password,
  'json-pointer': (request) => (request.mode === 'static' ? '/items/0' : `/${word(request)}/${request.random.int(0, 9)}`),
  'relative-json-pointer': (request) => (request.mode === 'static' ? '0/name' : `${request.random.int(0, 3)}/${word(request)}`),
  regex: () => '^[a-z]+$',
  int32: digits,
  int64: digits,
  integer: digits,
  decimal,
  number: decimal,
  double: decimal,
  float: decimal,
};

/** A value for `format`, or undefined for formats without a generator (custom ones stay plain strings). */
export function formatValue(format: string, request: FormatRequest): string | undefined {
  const maker = MAKERS[format.toLowerCase()];
  return maker === undefined ? undefined : maker(request);
}

export function isKnownFormat(format: string): boolean {
  return Object.hasOwn(MAKERS, format.toLowerCase());
}
