import type { z } from 'zod';
import { DomainError } from '../../domain/errors.ts';
import { zodFields } from '../socket/handle.ts';

/** Validates a body or query at the edge: the parsed value, or invalid_argument with per-field messages. */
export function parseInput<T extends z.ZodType>(schema: T, raw: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) throw new DomainError('invalid_argument', `invalid ${what}`, zodFields(parsed.error));
  return parsed.data;
}

/**
 * A body field that repeats a path parameter (clinicId, entryId): taken from the path when absent,
 * refused when it names something else.
 */
export function withPathParam(body: unknown, name: string, value: string): Record<string, unknown> {
  const obj = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  if (obj[name] !== undefined && obj[name] !== value)
    throw new DomainError('invalid_argument', `${name} in the body differs from the path`, {
      [name]: `must be ${value} (as in the path) or left out`,
    });
  return { ...obj, [name]: value };
}
