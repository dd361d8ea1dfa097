/** The loader's public shapes. */
import type { OpenAPIObject } from 'openapi3-ts/oas31';
import type { ProblemItem } from '../problem/index';
import type { SpecFormat } from './parse';
import type { RemoteRefs } from './ref-policy';

export interface SpecSource {
  text: string;
  /** File path or URL the text came from: the base for relative `$ref`s, and named in messages. */
  location?: string;
}

export interface LoadOptions {
  /**
   * Reads another document named by an external `$ref`, given its absolute location (a URL, or a
   * path resolved against `SpecSource.location`). Absent → external references are an error.
   */
  readText?: (location: string) => Promise<string>;
  /**
   * What a document fetched from a URL may reference: `same-origin` (default) or `none`. A refused
   * reference is never handed to `readText`; it fails the load as an unreadable external ref.
   */
  remoteRefs?: RemoteRefs;
}

export interface LoadedSpec {
  /** OpenAPI 3.1: external references bundled in as internal ones, every internal `$ref` resolvable. */
  document: OpenAPIObject;
  /** The version the document declared (`2.0`, `3.0.3`, `3.1.0`). */
  sourceVersion: string;
  sourceFormat: SpecFormat;
  /** Non-fatal findings, each located by a JSON pointer. */
  warnings: ProblemItem[];
}
