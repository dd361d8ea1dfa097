/**
 * Which other documents a document may name in an external `$ref`. A document fetched from a URL
 * is untrusted: it may reach only its own origin (or nothing, `remoteRefs: 'none'`), never a file
 * or another host (an internal address). A local file may name other files and http(s) URLs;
 * which files, and which addresses, the shell's reader decides (allowed directories, address
 * policy), because only it can resolve links and names.
 */

export type RemoteRefs = 'same-origin' | 'none';

function schemeOf(location: string): string | undefined {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(location);
  // A Windows drive letter (`C:\`) is a path, not a scheme.
  return match && match[1].length > 1 ? match[1].toLowerCase() : undefined;
}

function originOf(location: string): string | undefined {
  try {
    return new URL(location).origin;
  } catch {
    return undefined;
  }
}

/**
 * Why `target` (an absolute location) may not be read for a `$ref` in the document at `from`, or
 * `undefined` when it may.
 * @example refRefusal('file:///etc/passwd', 'https://api.example/spec.yaml', 'same-origin') // 'a document fetched from https://api.example …'
 */
export function refRefusal(target: string, from: string, remoteRefs: RemoteRefs = 'same-origin'): string | undefined {
  const fromScheme = schemeOf(from);
  const targetScheme = schemeOf(target);
  if (fromScheme === 'http' || fromScheme === 'https') {
    const origin = originOf(from);
    if (remoteRefs === 'none') return `a document fetched from ${origin} may not reference other documents here`;
    const sameOrigin = (targetScheme === 'http' || targetScheme === 'https') && originOf(target) === origin;
    return sameOrigin ? undefined : `a document fetched from ${origin} may only reference documents of the same origin`;
  }
  if (targetScheme !== undefined && targetScheme !== 'http' && targetScheme !== 'https' && targetScheme !== 'file') {
    return `"${targetScheme}:" references are not read`;
  }
  return undefined;
}
