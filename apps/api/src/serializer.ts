import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * Response serializer: fast-json-stringify compiled from each response's zod schema (as JSON Schema), so an answer
 * is walked once, while it is written. fastify-type-provider-zod's serializer encodes the whole answer through zod
 * first and then runs JSON.stringify over it: two walks (bench/serializer.ts; figures in the README).
 * Like the zod serializer, keys outside the schema are not sent (loose objects, e.g. `evidence`, keep theirs).
 * A schema JSON Schema cannot express falls back to the zod serializer.
 */
export const responseSerializerCompiler: FastifySerializerCompiler<z.ZodType> = (route) => {
  const { schema } = route;
  if (!(schema instanceof z.ZodType)) return zodSerializerCompiler(route as never);
  if (plainJsonSchemas.has(schema)) return (data: unknown) => JSON.stringify(data);
  let jsonSchema: Record<string, unknown>;
  try {
    jsonSchema = z.toJSONSchema(schema, { target: 'draft-07', io: 'output', unrepresentable: 'throw' }) as Record<string, unknown>;
  } catch {
    return zodSerializerCompiler(route as never);
  }
  const stringify = fastJson(jsonSchema as unknown as Parameters<typeof fastJson>[0]);
  return (data: unknown) => stringify(data);
};

const plainJsonSchemas = new WeakSet<z.ZodType>();

/**
 * Answers of this schema are written with plain JSON.stringify: fast-json-stringify builds one string by
 * concatenation and slows down ~3× per item on multi-MB answers (a 64 × 100-hit batch), where JSON.stringify does
 * not. Only for answers the handler builds key by key (nothing beyond the schema can reach them).
 */
export function serializeWithJsonStringify<T extends z.ZodType>(schema: T): T {
  plainJsonSchemas.add(schema);
  return schema;
}
