/**
 * Plausible values from property names: `email` looks like an address, `city` like a city, `price`
 * like a price. A hint is only a proposal; the string and number generators keep it only when it
 * satisfies the schema.
 */
import { formatValue } from './formats';
import type { Random } from './random';
import type { Mode } from './types';

type Maker = (random: Random, mode: Mode) => string;

/** Static mode takes the first entry; dynamic mode any. */
function from(values: readonly string[]): Maker {
  return (random, mode) => (mode === 'static' ? values[0] : random.pick(values));
}

const FIRST = ['Jane', 'John', 'Maria', 'Wei', 'Amara', 'Lucas', 'Sofia', 'Kenji', 'Priya', 'Omar'];
const LAST = ['Doe', 'Smith', 'Garcia', 'Chen', 'Okafor', 'Jensen', 'Rossi', 'Tanaka', 'Patel', 'Haddad'];
const LOREM = ['lorem', 'ipsum', 'dolor', 'sit', 'amet', 'consectetur', 'adipiscing', 'elit', 'sed', 'do', 'eiusmod', 'tempor'];

const fullName: Maker = (random, mode) => (mode === 'static' ? 'Jane Doe' : `${random.pick(FIRST)} ${random.pick(LAST)}`);

function sentence(random: Random, mode: Mode): string {
  if (mode === 'static') return 'A short description of this item.';
  const words: string[] = [];
  const count = random.int(4, 9);
  for (let i = 0; i < count; i++) words.push(random.pick(LOREM));
  const text = words.join(' ');
  return text[0].toUpperCase() + text.slice(1) + '.';
}

const formatted =
  (format: string): Maker =>
  (random, mode) =>
    formatValue(format, { random, mode, min: 0, max: Number.POSITIVE_INFINITY }) ?? '';

const shortId: Maker = (random, mode) =>
  mode === 'static' ? 'a1b2c3d4' : Array.from({ length: 8 }, () => '0123456789abcdef'[random.int(0, 15)]).join('');

/** Exact normalised names (lower case, letters and digits only). */
const EXACT: Record<string, Maker> = {
  email: formatted('email'),
  firstname: from(FIRST),
  givenname: from(FIRST),
  lastname: from(LAST),
  surname: from(LAST),
  familyname: from(LAST),
  name: fullName,
  fullname: fullName,
  displayname: fullName,
  username: (random, mode) => (mode === 'static' ? 'jane_doe' : `${random.pick(FIRST).toLowerCase()}_${random.int(1, 99)}`),
  login: from(['jdoe', 'msmith', 'wchen']),
  city: from(['Amsterdam', 'Lisbon', 'Toronto', 'Osaka', 'Nairobi', 'Denver']),
  town: from(['Amsterdam', 'Lisbon', 'Toronto']),
  country: from(['Netherlands', 'Portugal', 'Canada', 'Japan', 'Kenya']),
  countrycode: from(['NL', 'PT', 'CA', 'JP', 'KE', 'US']),
  state: from(['California', 'Ontario', 'Bavaria']),
  province: from(['Ontario', 'Quebec', 'Alberta']),
  region: from(['Europe', 'North America', 'Asia Pacific']),
  street: from(['221B Baker Street', '10 Downing Street', '1600 Amphitheatre Parkway']),
  address: from(['221B Baker Street', '742 Evergreen Terrace', '1600 Amphitheatre Parkway']),
  addressline1: from(['221B Baker Street', '742 Evergreen Terrace']),
  streetaddress: from(['221B Baker Street', '742 Evergreen Terrace']),
  line1: from(['221B Baker Street', '742 Evergreen Terrace']),
  zip: from(['94105', '10115', '1012 AB']),
  zipcode: from(['94105', '10115', '30301']),
  postalcode: from(['94105', '10115', '1012 AB']),
  postcode: from(['94105', '10115', 'SW1A 1AA']),
  phone: from(['+1-202-555-0143', '+31 20 555 0199', '+44 20 7946 0958']),
  phonenumber: from(['+1-202-555-0143', '+31 20 555 0199', '+44 20 7946 0958']),
  mobile: from(['+1-202-555-0187', '+31 6 5555 0123']),
  telephone: from(['+1-202-555-0143', '+44 20 7946 0958']),
  url: formatted('uri'),
  website: formatted('uri'),
  homepage: formatted('uri'),
  link: formatted('uri'),
  href: formatted('uri'),
  uri: formatted('uri'),
  title: from(['Getting started', 'Quarterly report', 'Weekly planning', 'Release notes']),
  description: sentence,
  summary: sentence,
  comment: sentence,
  message: sentence,
  note: sentence,
  notes: sentence,
  bio: sentence,
  body: sentence,
  text: sentence,
  currency: from(['USD', 'EUR', 'GBP', 'JPY']),
  currencycode: from(['USD', 'EUR', 'GBP', 'JPY']),
  status: from(['active', 'pending', 'inactive']),
  id: shortId,
  uuid: formatted('uuid'),
  guid: formatted('uuid'),
  color: from(['teal', 'crimson', 'amber']),
  colour: from(['teal', 'crimson', 'amber']),
  language: from(['en', 'nl', 'fr', 'ja']),
  locale: from(['en-US', 'nl-NL', 'fr-FR']),
  timezone: from(['Europe/Amsterdam', 'America/New_York', 'Asia/Tokyo']),
  company: from(['Acme Corp', 'Globex', 'Initech']),
  companyname: from(['Acme Corp', 'Globex', 'Initech']),
  organization: from(['Acme Corp', 'Globex', 'Initech']),
  domain: from(['example.com', 'example.org']),
  hostname: formatted('hostname'),
  host: formatted('hostname'),
  ip: formatted('ipv4'),
  ipaddress: formatted('ipv4'),
  slug: from(['getting-started', 'quarterly-report', 'release-notes']),
  version: from(['1.0.0', '2.3.1', '0.9.4']),
  sku: from(['SKU-1042', 'SKU-2087', 'SKU-3311']),
  token: shortId,
  password: formatted('password'),
  filename: from(['report.pdf', 'photo.jpg', 'notes.txt']),
  mimetype: from(['application/json', 'image/png', 'text/plain']),
  contenttype: from(['application/json', 'image/png', 'text/plain']),
  gender: from(['female', 'male', 'nonbinary']),
  iban: from(['NL91ABNA0417164300', 'DE89370400440532013000']),
  tag: from(['featured', 'new', 'sale']),
  category: from(['books', 'garden', 'tools']),
  type: from(['standard', 'premium', 'basic']),
  kind: from(['standard', 'premium', 'basic']),
  birthdate: formatted('date'),
  birthday: formatted('date'),
  dateofbirth: formatted('date'),
  dob: formatted('date'),
  timestamp: formatted('date-time'),
  emailaddress: formatted('email'),
  webaddress: formatted('uri'),
  location: from(['Main Hall', 'Room 101', 'Amsterdam']),
  venue: from(['Main Hall', 'Concert Hall', 'Room 101']),
  code: from(['A1B2C3', 'XK42', 'ZX9Q']),
  reference: from(['REF-10293', 'REF-55821', 'INV-2024-001']),
  bic: from(['ABNANL2A', 'DEUTDEFF']),
  label: from(['Primary', 'Secondary', 'Default']),
  nickname: from(['Jay', 'Mo', 'Kit']),
  role: from(['admin', 'editor', 'viewer']),
};

/** Suffix rules, tried in order when no exact name matches (`customerEmail`, `billingCity`…). */
const SUFFIXES: Array<[suffix: string, maker: Maker]> = [
  ['email', EXACT.email],
  ['firstname', EXACT.firstname],
  ['lastname', EXACT.lastname],
  ['username', EXACT.username],
  ['fullname', fullName],
  ['city', EXACT.city],
  ['countrycode', EXACT.countrycode],
  ['country', EXACT.country],
  ['street', EXACT.street],
  ['address', EXACT.address],
  ['postalcode', EXACT.postalcode],
  ['zipcode', EXACT.zipcode],
  ['phone', EXACT.phone],
  ['phonenumber', EXACT.phone],
  ['url', EXACT.url],
  ['uri', EXACT.url],
  ['website', EXACT.url],
  ['description', sentence],
  ['message', sentence],
  ['number', (random, mode) => (mode === 'static' ? '12345678' : String(random.int(10000000, 99999999)))],
  ['code', EXACT.code],
  ['reference', EXACT.reference],
  ['currencycode', EXACT.currency],
  ['currency', EXACT.currency],
  ['status', EXACT.status],
  ['uuid', EXACT.uuid],
  ['id', shortId],
  ['name', fullName],
  ['title', EXACT.title],
  ['createdat', formatted('date-time')],
  ['updatedat', formatted('date-time')],
  ['deletedat', formatted('date-time')],
  ['modifiedat', formatted('date-time')],
  ['at', formatted('date-time')],
  ['time', formatted('date-time')],
  ['timestamp', formatted('date-time')],
  ['date', formatted('date')],
];

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** A plausible string for a property name, or undefined when the name says nothing useful. */
export function stringHint(name: string | undefined, random: Random, mode: Mode): string | undefined {
  if (name === undefined) return undefined;
  const key = normalizeName(name);
  if (key === '') return undefined;
  const exact = EXACT[key];
  if (exact !== undefined) return exact(random, mode);
  // A suffix must follow a word boundary in the original name (`createdAt`, `created_at`), so
  // `format` does not read as a date-time because it ends in "at".
  for (const [suffix, maker] of SUFFIXES) {
    if (key.endsWith(suffix) && key.length > suffix.length && boundaryBefore(name, suffix)) return maker(random, mode);
  }
  return undefined;
}

function boundaryBefore(name: string, suffix: string): boolean {
  const letters = name.replace(/[^A-Za-z0-9_-]/g, '');
  const start = letters.length - suffix.length;
  if (start <= 0) return true;
  const first = letters[start];
  const before = letters[start - 1];
  return before === '_' || before === '-' || (first >= 'A' && first <= 'Z') || /[0-9]/.test(before);
}

/** Words for free text when nothing better is known. */
export function loremWords(random: Random, mode: Mode, count: number): string {
  if (mode === 'static') return LOREM.slice(0, count).join(' ');
  const words: string[] = [];
  for (let i = 0; i < count; i++) words.push(random.pick(LOREM));
  return words.join(' ');
}

export interface NumberHint {
  min: number;
  max: number;
  /** The static-mode value. */
  typical: number;
  /** Decimal places for non-integers. */
  decimals: number;
}

const NUMBER_HINTS: Array<[names: string[], hint: NumberHint]> = [
  [['price', 'amount', 'cost', 'total', 'subtotal', 'fee', 'balance', 'salary'], { min: 1, max: 500, typical: 19.99, decimals: 2 }],
  [['quantity', 'qty', 'count'], { min: 1, max: 20, typical: 2, decimals: 0 }],
  [['age'], { min: 18, max: 80, typical: 34, decimals: 0 }],
  [['year'], { min: 1990, max: 2030, typical: 2024, decimals: 0 }],
  [['month'], { min: 1, max: 12, typical: 5, decimals: 0 }],
  [['day'], { min: 1, max: 28, typical: 17, decimals: 0 }],
  [['hour'], { min: 0, max: 23, typical: 9, decimals: 0 }],
  [['minute', 'second'], { min: 0, max: 59, typical: 30, decimals: 0 }],
  [['port'], { min: 1024, max: 65535, typical: 8080, decimals: 0 }],
  [['rating', 'stars'], { min: 1, max: 5, typical: 4, decimals: 1 }],
  [['score'], { min: 0, max: 100, typical: 87, decimals: 1 }],
  [['percent', 'percentage'], { min: 0, max: 100, typical: 25, decimals: 1 }],
  [['lat', 'latitude'], { min: -90, max: 90, typical: 52.3676, decimals: 4 }],
  [['lng', 'lon', 'longitude'], { min: -180, max: 180, typical: 4.9041, decimals: 4 }],
  [['page', 'pagenumber'], { min: 1, max: 10, typical: 1, decimals: 0 }],
  [['pagesize', 'limit', 'perpage', 'size'], { min: 1, max: 100, typical: 20, decimals: 0 }],
  [['offset', 'skip'], { min: 0, max: 100, typical: 0, decimals: 0 }],
  [['id'], { min: 1, max: 99999, typical: 1, decimals: 0 }],
  [['weight', 'height', 'width', 'length', 'depth'], { min: 1, max: 200, typical: 42, decimals: 1 }],
];

export function numberHint(name: string | undefined): NumberHint | undefined {
  if (name === undefined) return undefined;
  const key = normalizeName(name);
  for (const [names, hint] of NUMBER_HINTS) if (names.includes(key)) return hint;
  for (const [names, hint] of NUMBER_HINTS) {
    for (const candidate of names) {
      if (key.length > candidate.length && key.endsWith(candidate) && boundaryBefore(name, candidate)) return hint;
    }
  }
  return undefined;
}
