/** The scenario config's JSON Schema, made from the zod model that validate_scenario_config parses with. */
import { z } from 'zod';
import { scenarioSchema } from '../../scenarios/model';

let cached: string | undefined;

/** Compact JSON text of the schema of what a client may send (the input side: `method` in any case). */
export function scenarioJsonSchemaText(): string {
  cached ??= JSON.stringify(z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }));
  return cached;
}
