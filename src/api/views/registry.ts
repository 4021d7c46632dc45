import { z } from 'zod'

/**
 * The named response schemas: each becomes `#/components/schemas/<id>` in the
 * OpenAPI document. A registry of our own, not zod's global one, so that no
 * other module's metadata ends up in the published spec.
 */
export const viewRegistry = z.registry<{ id: string; description?: string }>()

/** Registers `schema` under `id` and returns it, for `export const x = named('X', z.strictObject(…))`. */
export function named<S extends z.ZodType>(id: string, schema: S, description?: string): S {
  viewRegistry.add(schema, description === undefined ? { id } : { id, description })
  return schema
}
