/**
 * A Pike VM: every thread of the program advances over the input together, one character at a
 * time, and a state already reached at a position is never entered twice. The work is at most
 * (program size × input length), whatever the pattern; threads keep their priority order, so the
 * match found is the one a backtracking engine would report first (leftmost, then by preference).
 * A lookahead is a sub-program run from the position it is asked about, remembered per position.
 * Every step draws on a budget shared by the whole match, so no input can make it run long.
 */
import type { Inst, Program } from './program';

export class RegexBudgetExceeded extends Error {
  override name = 'RegexBudgetExceeded';
}

export interface Span {
  index: number;
  end: number;
}

interface Input {
  text: string;
  unicode: boolean;
  budget: { left: number };
  looks: Map<Inst, Map<number, boolean>>;
}

const WORD = /[A-Za-z0-9_]/;

function codeAt(input: Input, pos: number): number {
  return input.unicode ? (input.text.codePointAt(pos) ?? 0) : input.text.charCodeAt(pos);
}

function isWordAt(input: Input, pos: number): boolean {
  return pos >= 0 && pos < input.text.length && WORD.test(input.text[pos]);
}

/** Runs `program` over `text` from `from`; `anchored` tries only that start. */
export function runProgram(program: Program, text: string, unicode: boolean, budget: { left: number }, firstOnly: boolean): Span | null {
  const input: Input = { text, unicode, budget, looks: new Map() };
  return run(program, input, 0, false, firstOnly);
}

function run(program: Program, input: Input, from: number, anchored: boolean, firstOnly: boolean): Span | null {
  const { insts } = program;
  const size = insts.length;
  let current = { pcs: new Int32Array(size), starts: new Int32Array(size), length: 0 };
  let next = { pcs: new Int32Array(size), starts: new Int32Array(size), length: 0 };
  // marks[pc] === generation: pc is already in the list being built.
  const marks = new Int32Array(size).fill(-1);
  let generation = 0;
  const stack: number[] = [];
  let found: Span | null = null;
  const { text } = input;

  function add(list: typeof current, pc0: number, start: number, pos: number): void {
    stack.push(pc0);
    while (stack.length > 0) {
      const pc = stack.pop() as number;
      if (marks[pc] === generation) continue;
      marks[pc] = generation;
      if (--input.budget.left < 0) throw new RegexBudgetExceeded('the pattern took too many steps on this input');
      const inst = insts[pc];
      switch (inst.op) {
        case 'split':
          // The second is pushed first so the first, preferred branch is explored first.
          stack.push(inst.second, inst.first);
          break;
        case 'assert':
          if (holds(inst.kind, input, pos)) stack.push(inst.next);
          break;
        case 'look':
          if (lookahead(inst, input, pos) !== inst.negate) stack.push(inst.next);
          break;
        default:
          list.pcs[list.length] = pc;
          list.starts[list.length] = start;
          list.length++;
      }
    }
  }

  generation++;
  add(current, program.start, from, from);
  for (let pos = from; ; ) {
    const code = pos < text.length ? codeAt(input, pos) : -1;
    const width = code > 0xffff ? 2 : 1;
    generation++;
    next.length = 0;
    for (let t = 0; t < current.length; t++) {
      const inst = insts[current.pcs[t]];
      if (inst.op === 'match') {
        found = { index: current.starts[t], end: pos };
        if (firstOnly) return found;
        // Threads after this one have lower priority: a backtracking engine would never reach them.
        break;
      }
      if (inst.op === 'char' && code >= 0) {
        if (--input.budget.left < 0) throw new RegexBudgetExceeded('the pattern took too many steps on this input');
        if (inst.test(code)) add(next, inst.next, current.starts[t], pos + width);
      }
    }
    if (pos >= text.length) break;
    pos += width;
    // A new attempt starts at each position, behind every earlier one, until something matched.
    if (!anchored && found === null) add(next, program.start, pos, pos);
    if (next.length === 0) break;
    [current, next] = [next, current];
  }
  return found;
}

function holds(kind: 'start' | 'end' | 'word' | 'notword', input: Input, pos: number): boolean {
  switch (kind) {
    case 'start':
      return pos === 0;
    case 'end':
      return pos === input.text.length;
    case 'word':
      return isWordAt(input, pos - 1) !== isWordAt(input, pos);
    case 'notword':
      return isWordAt(input, pos - 1) === isWordAt(input, pos);
  }
}

function lookahead(inst: Extract<Inst, { op: 'look' }>, input: Input, pos: number): boolean {
  let memo = input.looks.get(inst);
  if (memo === undefined) {
    memo = new Map();
    input.looks.set(inst, memo);
  }
  let result = memo.get(pos);
  if (result === undefined) {
    result = run(inst.program, input, pos, true, true) !== null;
    memo.set(pos, result);
  }
  return result;
}
