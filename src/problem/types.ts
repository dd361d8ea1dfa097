/** The problem details shape (RFC 9457) and its template, apart from the builders so helpers like cap.ts can use them. */

/** One violation inside a problem: where it is (a JSON pointer or a request location) and what. */
export interface ProblemItem {
  /** Where: a JSON pointer into a document (`/paths/~1pets/get`), or a request location (`query/limit`, `header/x-key`, `body/name`). */
  location: string;
  message: string;
  /** line:column in the source text, when the problem comes from parsing text. */
  line?: number;
  column?: number;
  /** A machine-readable keyword (`required`, `type`, `dangling-ref`, ...). */
  code?: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: ProblemItem[];
  [extension: string]: unknown;
}

export type ProblemTemplate = Pick<Problem, 'type' | 'title' | 'status'>;
