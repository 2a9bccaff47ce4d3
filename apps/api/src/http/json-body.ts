import { takeTurn } from '@serial/event-store';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UnsupportedMediaTypeError, ValidationFailedError } from './application-errors';
import { findDuplicateKey } from './duplicate-keys';
import { echoed } from './echo';
import { replyWithProblem } from './problem.filter';
import { toProblem } from './to-problem';

/**
 * The deepest legal body nests 3 levels (a movement's lines); 64 leaves room to grow. Deeper input
 * is refused before parsing: class-transformer, class-validator and the idempotency hash walk
 * bodies recursively, and depth 10,000 overflowed their stack (a 500).
 */
export const MAX_JSON_DEPTH = 64;

/**
 * A body this long (a command of ~3,000 serials) is parsed, and scanned for duplicate keys, each in a
 * turn of the event loop of its own (takeTurn): two 10,000-serial bodies that arrived together were
 * otherwise parsed, scanned and validated back to back, 40-60 ms that `/health` waited for.
 */
export const OWN_TURN_BODY_CHARS = 64 * 1024;

/**
 * JSON is the only body the API takes (API.md "Conventions"): every other content type is 415.
 * Fastify's JSON parser (with its prototype-poisoning guard) still does the parsing, but its error
 * reaches Nest as a bare 400; as a ValidationFailedError it becomes 400 VALIDATION_FAILED naming
 * the body, like every other bad input. An empty body counts as none, so a client that sends
 * `Content-Type: application/json` on a body-less command (`/validate`) is not refused for it.
 * A key twice in one object is refused too (JSON.parse would keep the last one silently). A body
 * in another charset than UTF-8, or compressed, is 415 before it is read: it would otherwise be
 * parsed as if it were plain UTF-8.
 */
export function acceptOnlyJsonBodies(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addHook('preParsing', async (request, reply) => {
    const refusal = unsupportedEncoding(request);
    if (refusal === undefined) return;
    void reply.header('connection', 'close');
    replyWithProblem(reply, toProblem(new UnsupportedMediaTypeError(refusal)));
    return reply;
  });
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    const large = text.length >= OWN_TURN_BODY_CHARS;
    const inItsTurn = (work: () => void) => {
      if (!large) return work();
      // A throw inside `work` must still answer the request (it would otherwise be a lost rejection).
      takeTurn()
        .then(work)
        .catch((error: Error) => done(error));
    };
    inItsTurn(() => {
      if (exceedsJsonDepth(text, MAX_JSON_DEPTH)) {
        return done(
          new ValidationFailedError([
            { field: 'body', message: `nests deeper than ${MAX_JSON_DEPTH} levels` },
          ]),
        );
      }
      parse(request, text, (error, value) => {
        if (error !== null) {
          const message = `is not valid JSON: ${echoed(syntaxErrorOf(text))}`;
          return done(new ValidationFailedError([{ field: 'body', message }]));
        }
        inItsTurn(() => {
          const duplicate = findDuplicateKey(text);
          if (duplicate === undefined) return done(null, value);
          const message = `holds the key ${echoed(JSON.stringify(duplicate.key))} twice in one object (at offset ${duplicate.offset})`;
          done(new ValidationFailedError([{ field: 'body', message }]));
        });
      });
    });
  });
}

/** Why a request's body cannot be read as UTF-8 JSON as it comes, if it cannot. */
function unsupportedEncoding(request: FastifyRequest): string | undefined {
  const length = request.headers['content-length'];
  const hasBody =
    request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (!hasBody) return undefined;
  const encoding = request.headers['content-encoding'];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
    return 'Send the body uncompressed: Content-Encoding is not supported';
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(request.headers['content-type'] ?? '')?.[1];
  if (charset !== undefined && !['utf-8', 'utf8'].includes(charset.toLowerCase())) {
    return `Send the body in UTF-8, not ${echoed(charset, 40)}`;
  }
  return undefined;
}

/**
 * Counts open brackets outside strings in one pass, without parsing, so even a 16 MiB body of
 * brackets is refused in milliseconds. Malformed text may pass; the parser then rejects it.
 */
export function exceedsJsonDepth(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === BACKSLASH) i++;
      else if (char === QUOTE) inString = false;
    } else if (char === QUOTE) inString = true;
    else if (char === OPEN_BRACE || char === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) depth--;
  }
  return false;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Fastify drops the parser's message; re-parsing (only on failure) recovers where the JSON broke. */
function syntaxErrorOf(text: string): string {
  try {
    JSON.parse(text);
    return 'it holds a forbidden __proto__ or constructor key';
  } catch (error) {
    return (error as Error).message;
  }
}
