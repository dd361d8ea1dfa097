/**
 * Resolving the document part of an external `$ref` against the location of the document that
 * holds it. Locations are URLs or file paths; neither needs the platform (the `URL` class is
 * standard in Workers, Node and browsers).
 */

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;
const WINDOWS_DRIVE = /^[a-zA-Z]:[\\/]/;

function isUrl(location: string): boolean {
  return SCHEME.test(location) && !WINDOWS_DRIVE.test(location);
}

/** Splits `other.yaml#/Pet` into its document and fragment (`#/Pet`, or `''` for the whole document). */
export function splitRef(ref: string): { document: string; fragment: string } {
  const hash = ref.indexOf('#');
  return hash === -1 ? { document: ref, fragment: '' } : { document: ref.slice(0, hash), fragment: ref.slice(hash) };
}

/** Collapses `.` and `..` segments of a `/`-separated path, keeping leading `..` of a relative one. */
function normalisePath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && out.length > 0 && out.at(-1) !== '..') out.pop();
    else if (segment !== '..' || !absolute) out.push(segment);
  }
  return (absolute ? '/' : '') + out.join('/');
}

function decodePath(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path; // a literal `%` in a file name
  }
}

/** A canonical spelling of a location, so two routes to one file meet in one cache entry. */
export function normaliseLocation(location: string): string {
  if (isUrl(location)) {
    try {
      return new URL(location).href;
    } catch {
      return location;
    }
  }
  return normalisePath(location.replaceAll('\\', '/'));
}

/**
 * The absolute location of `reference` (the document part of a `$ref`) as seen from `base`.
 * @example resolveLocation('./schemas/pet.json', '/specs/api.yaml') // '/specs/schemas/pet.json'
 */
export function resolveLocation(reference: string, base: string | undefined): string {
  if (isUrl(reference)) return normaliseLocation(reference);
  if (base !== undefined && isUrl(base)) {
    try {
      return new URL(reference, base).href;
    } catch {
      return reference;
    }
  }
  const path = decodePath(reference.replaceAll('\\', '/'));
  if (path.startsWith('/') || WINDOWS_DRIVE.test(path) || !base) return normalisePath(path);
  const baseDir = normaliseLocation(base).replace(/[^/]*$/, '');
  return normalisePath(baseDir + path);
}
