import { z } from 'zod';

/**
 * A field's schema without the fill-ins: `.default()`, `.prefault()` and `.catch()` removed,
 * also under `.optional()`, `.nullable()` and `.readonly()` (zod 4 still fills a default in there).
 */
export type WithoutDefault<S> =
  S extends z.ZodDefault<infer Inner>
    ? WithoutDefault<Inner>
    : S extends z.ZodPrefault<infer Inner>
      ? WithoutDefault<Inner>
      : S extends z.ZodCatch<infer Inner>
        ? WithoutDefault<Inner>
        : S extends z.ZodOptional<infer Inner>
          ? z.ZodOptional<WithoutDefault<Inner>>
          : S extends z.ZodNullable<infer Inner>
            ? z.ZodNullable<WithoutDefault<Inner>>
            : S extends z.ZodReadonly<infer Inner>
              ? z.ZodReadonly<WithoutDefault<Inner>>
              : S;

export function withoutDefault<S extends z.ZodType>(schema: S): WithoutDefault<S>;
export function withoutDefault(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault || schema instanceof z.ZodCatch) return withoutDefault(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodOptional) return rewrapped(schema, schema.unwrap() as z.ZodType, (inner) => inner.optional());
  if (schema instanceof z.ZodNullable) return rewrapped(schema, schema.unwrap() as z.ZodType, (inner) => inner.nullable());
  if (schema instanceof z.ZodReadonly) return rewrapped(schema, schema.unwrap() as z.ZodType, (inner) => inner.readonly());
  return schema;
}

/** The wrapper itself when nothing inside it changed (keeps its messages and metadata). */
function rewrapped(wrapper: z.ZodType, inner: z.ZodType, wrap: (inner: z.ZodType) => z.ZodType): z.ZodType {
  const stripped = withoutDefault(inner);
  return stripped === inner ? wrapper : wrap(stripped);
}

export type PatchFields<Shape extends z.ZodRawShape> = { -readonly [K in keyof Shape]: WithoutDefault<Shape[K]> };
export type PatchShape<Shape extends z.ZodRawShape> = { -readonly [K in keyof Shape]: z.ZodOptional<WithoutDefault<Shape[K]>> };

/**
 * Each field of an object schema as an update checks a value sent for it: its schema without
 * default, so a field that is not sent is not filled in.
 */
export function patchFieldsOf<Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>): PatchFields<Shape> {
  const fields: Record<string, z.ZodType> = {};
  for (const [field, fieldSchema] of Object.entries(schema.shape)) fields[field] = withoutDefault(fieldSchema as z.ZodType);
  return fields as PatchFields<Shape>;
}

/**
 * The update (patch) schema of an object schema: every field optional and nothing filled in, so a
 * parsed patch holds exactly the fields that were sent and an update changes only those
 * (docs/architecture.md, partial updates). A create schema may default a field; an update must
 * never: a default there would overwrite the stored value with it (a customer's VIP tier reset to
 * `none` by an address edit). The object's own settings (strict, catchall) are kept.
 */
export function patchSchemaOf<Shape extends z.ZodRawShape, Config extends z.core.$ZodObjectConfig>(schema: z.ZodObject<Shape, Config>): z.ZodObject<PatchShape<Shape>, Config> {
  const shape: Record<string, z.ZodType> = {};
  for (const [field, fieldSchema] of Object.entries(patchFieldsOf(schema))) shape[field] = (fieldSchema as z.ZodType).optional();
  return schema.extend(shape) as unknown as z.ZodObject<PatchShape<Shape>, Config>;
}
