/**
 * Compiles a parsed regex into a Thompson-style program: one instruction per atom, split, jump,
 * assertion or lookahead. Counted repetitions are unrolled (`a{2,4}` is `aa(a(a)?)?`), so the
 * program's size, and with it the matcher's work per input character, is capped.
 */
import type { RegexNode } from './parse';
import { UnsupportedRegex } from './parse';

/** One character class test; `code` is a code point (unicode mode) or a UTF-16 unit. */
export type CharTest = (code: number) => boolean;

export type Inst =
  | { op: 'char'; test: CharTest; next: number }
  | { op: 'split'; first: number; second: number }
  | { op: 'assert'; kind: 'start' | 'end' | 'word' | 'notword'; next: number }
  | { op: 'look'; program: Program; negate: boolean; next: number }
  | { op: 'match' };

export interface Program {
  insts: Inst[];
  start: number;
}

export interface CompileOptions {
  maxInsts: number;
  makeTest: (source: string, literal: number | undefined) => CharTest;
}

/** Builds the program; throws UnsupportedRegex past `maxInsts` instructions (lookaheads included). */
export function compileProgram(tree: RegexNode, options: CompileOptions): Program {
  const counter = { total: 0 };
  return build(tree, options, counter);
}

function build(tree: RegexNode, options: CompileOptions, counter: { total: number }): Program {
  const insts: Inst[] = [];
  const push = (inst: Inst): number => {
    if (++counter.total > options.maxInsts) {
      throw new UnsupportedRegex(`the pattern is too large to match in linear time (over ${options.maxInsts} states once its counted repetitions are unrolled)`);
    }
    insts.push(inst);
    return insts.length - 1;
  };
  const tests = new Map<RegexNode, CharTest>();

  // Emits `node` followed by the instruction at `next`; returns where it starts.
  function emit(node: RegexNode, next: number): number {
    switch (node.type) {
      case 'atom': {
        let test = tests.get(node);
        if (test === undefined) {
          test = options.makeTest(node.source, node.literal);
          tests.set(node, test);
        }
        return push({ op: 'char', test, next });
      }
      case 'seq': {
        let at = next;
        for (let k = node.items.length - 1; k >= 0; k--) at = emit(node.items[k], at);
        return at;
      }
      case 'alt': {
        let at = emit(node.options[node.options.length - 1], next);
        for (let k = node.options.length - 2; k >= 0; k--) at = push({ op: 'split', first: emit(node.options[k], next), second: at });
        return at;
      }
      case 'assert':
        return push({ op: 'assert', kind: node.kind, next });
      case 'look':
        return push({ op: 'look', program: build(node.node, options, counter), negate: node.negate, next });
      case 'repeat': {
        let at = next;
        if (node.max === Number.POSITIVE_INFINITY) {
          const loop = push({ op: 'split', first: next, second: next });
          const body = emit(node.node, loop);
          insts[loop] = node.greedy ? { op: 'split', first: body, second: next } : { op: 'split', first: next, second: body };
          at = loop;
        } else {
          for (let k = node.min; k < node.max; k++) {
            const body = emit(node.node, at);
            at = push(node.greedy ? { op: 'split', first: body, second: next } : { op: 'split', first: next, second: body });
          }
        }
        for (let k = 0; k < node.min; k++) at = emit(node.node, at);
        return at;
      }
    }
  }

  const match = push({ op: 'match' });
  const start = emit(tree, match);
  return { insts, start };
}
