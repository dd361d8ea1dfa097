/**
 * A JSON Schema in the 2020-12 dialect (OpenAPI 3.1), with OpenAPI annotations kept
 * (`discriminator`, `readOnly`, `writeOnly`, `format`, `example`). Every `$ref` in a plan schema
 * points into the plan's shared definitions as `#/$defs/<name>`.
 */
export type JsonSchema = boolean | JsonSchemaObject;
export interface JsonSchemaObject {
  [keyword: string]: unknown;
}
