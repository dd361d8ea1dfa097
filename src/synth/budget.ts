/**
 * The budget of one `synthesize` call, whatever the schema: a value never has more than
 * `NODE_LIMIT` nodes or `CHAR_LIMIT` characters of strings, so a hostile or careless schema
 * (required properties that recurse, `$ref` fan-out, a huge `minItems`) cannot hang the mock or
 * eat its memory. Workers freeze the clock while code runs, so the budget counts work, not time.
 */
import type { Context } from './types';

/** Past this many generated nodes a value stops growing at all. */
export const NODE_LIMIT = 20_000;
/** Past this many characters of strings a value stops growing at all. */
export const CHAR_LIMIT = 2 * 1024 * 1024;

/** The budget is spent: no more nodes, whatever they would have been. */
export function exhausted(ctx: Context): boolean {
  return ctx.nodes > ctx.nodeLimit || ctx.chars > CHAR_LIMIT;
}
