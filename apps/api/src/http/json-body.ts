import type { FastifyInstance } from 'fastify';
import { ValidationFailedError } from './application-errors';

/**
 * JSON is the only body the API takes (API.md "Conventions"): every other content type is 415.
 * Fastify's JSON parser (with its prototype-poisoning guard) still does the parsing, but its error
 * reaches Nest as a bare 400; as a ValidationFailedError it becomes 400 VALIDATION_FAILED naming
 * the body, like every other bad input. An empty body counts as none, so a client that sends
 * `Content-Type: application/json` on a body-less command (`/validate`) is not refused for it.
 */
export function acceptOnlyJsonBodies(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    parse(request, text, (error, value) => {
      if (error === null) return done(null, value);
      done(
        new ValidationFailedError([{ field: 'body', message: `is not valid JSON: ${syntaxErrorOf(text)}` }]),
      );
    });
  });
}

/** Fastify drops the parser's message; re-parsing (only on failure) recovers where the JSON broke. */
function syntaxErrorOf(text: string): string {
  try {
    JSON.parse(text);
    return 'it holds a forbidden __proto__ or constructor key';
  } catch (error) {
    return (error as Error).message;
  }
}
