import { Stream } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { ApiError } from './problem.js';

/** Query and path values longer than this are refused whatever the route: no identifier or search needs more. */
export const MAX_URL_TEXT_LENGTH = 4096;
/** Property names of a JSON body: the schemas' own names are short. */
const MAX_KEY_LENGTH = 256;
/** Deeper JSON than any schema here describes; refused rather than walked. */
const MAX_DEPTH = 64;
/** A problem list long enough to be useful and short enough not to echo a hostile body back. */
const MAX_PROBLEMS = 20;

// Without the u flag the pattern sees UTF-16 code units, so it finds a high surrogate not followed by a low one and vice versa.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

interface TextProblem {
  path: string;
  message: string;
}

function textProblem(text: string, limit: number | undefined): string | undefined {
  if (text.includes('\u0000')) return 'must not contain a NUL character';
  if (LONE_SURROGATE.test(text)) return 'must be well-formed Unicode (no unpaired surrogate)';
  if (limit !== undefined && text.length > limit) return `must not be longer than ${limit} characters`;
  return undefined;
}

/** Parsed JSON, query or path values; the query parser's objects have a prototype of their own, so it is not checked. */
function isPlainData(value: unknown): value is Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  return !ArrayBuffer.isView(value) && !(value instanceof Stream);
}

function walk(
  value: unknown,
  path: string,
  limit: number | undefined,
  depth: number,
  problems: TextProblem[],
): void {
  if (problems.length >= MAX_PROBLEMS) return;
  if (typeof value === 'string') {
    const message = textProblem(value, limit);
    if (message !== undefined) problems.push({ path, message });
    return;
  }
  // Buffers and streams (DER bodies, document uploads) are bytes, not text: their routes check them.
  if (!isPlainData(value)) return;
  if (depth >= MAX_DEPTH) {
    problems.push({ path, message: `must not be nested deeper than ${MAX_DEPTH} levels` });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      walk(item, `${path}.${i}`, limit, depth + 1, problems);
    });
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const keyMessage = textProblem(key, MAX_KEY_LENGTH);
    if (keyMessage !== undefined) {
      problems.push({ path: `${path} (a property name)`, message: keyMessage });
      if (problems.length >= MAX_PROBLEMS) return;
      continue;
    }
    walk(item, `${path}.${key}`, limit, depth + 1, problems);
  }
}

/**
 * Validates every piece of text a request brings — body, query, path —
 * once for all routes, before the route's own schema: no NUL (PostgreSQL
 * text cannot hold it, so it failed as a 500 deep in a query), well-formed
 * UTF-16 (an unpaired surrogate has no UTF-8 form and failed the same way),
 * and bounded length in the URL. A route's schema then says what its
 * fields mean; this says what text is. 400 VALIDATION_FAILED with each
 * offending field, like a schema violation.
 */
export async function refuseMalformedText(request: FastifyRequest): Promise<void> {
  const problems: TextProblem[] = [];
  walk(request.params, 'params', MAX_URL_TEXT_LENGTH, 0, problems);
  walk(request.query, 'querystring', MAX_URL_TEXT_LENGTH, 0, problems);
  walk(request.body, 'body', undefined, 0, problems);
  if (problems.length === 0) return;
  throw new ApiError(400, 'VALIDATION_FAILED', problems.map((p) => `${p.path} ${p.message}`).join('; '), {
    errors: problems,
  });
}
