import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  OperationObject,
  ParameterObject,
  ResponseObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { isSafeMethod } from '../idempotency/idempotency-request';
import { PROBLEM_EXAMPLES, type ProblemExample } from './problem-examples';
import { PROBLEM_CONTENT_TYPE, problem, STATUS_BY_CODE } from './problem';
import type { ProblemSpec } from './problem.openapi';
import type { RouteFacts } from './openapi-routes';

export const BEARER_AUTH = 'bearer';
const PROBLEM_SCHEMA = '#/components/schemas/ProblemDetails';

/** The two headers of docs/api.md "Conventions", as shared parameters. */
export const HEADER_PARAMETERS: Readonly<Record<string, ParameterObject>> = {
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Retry-safe commands: a repeat with the same key and body returns the first answer (24 h), ' +
      'the same key with another body is 422 IDEMPOTENCY_KEY_REUSED, one still running 409 REQUEST_IN_PROGRESS',
    schema: { type: 'string', minLength: 1, maxLength: 255 },
    example: 'BILL-7-receive',
  },
  MinPosition: {
    name: 'X-Min-Position',
    in: 'header',
    required: false,
    description:
      "Read your own write: send a command's `position`; the answer waits (up to 5 s) until the " +
      'read models hold it, else 503 READ_MODEL_BEHIND',
    schema: { type: 'string', pattern: '^[0-9]{1,19}$' },
    example: '15',
  },
};

/**
 * Completes every operation SwaggerModule generated from the DTO classes with what its route's
 * metadata says (openapi-routes.ts): bearer security, the two headers, and the problem document of
 * each status it can answer with, its codes listed as an enum, one real example each (the
 * catalogue's as shared components, a route's own inline).
 */
export function completeOperations(document: OpenAPIObject, routes: readonly RouteFacts[]): void {
  const byOperationId = new Map(routes.map((route) => [route.operationId, route]));
  const examples = new Set<string>();
  for (const pathItem of Object.values(document.paths)) {
    for (const operation of Object.values(pathItem) as OperationObject[]) {
      const route = operation.operationId ? byOperationId.get(operation.operationId) : undefined;
      if (route) completeOperation(operation, route, examples);
    }
  }
  document.components = {
    ...document.components,
    parameters: { ...document.components?.parameters, ...HEADER_PARAMETERS },
    examples: Object.fromEntries(
      [...examples].sort().map((code) => [code, problemExample(code, PROBLEM_EXAMPLES[code])]),
    ),
  };
}

function completeOperation(operation: OperationObject, route: RouteFacts, examples: Set<string>): void {
  operation.security = route.isPublic ? [] : [{ [BEARER_AUTH]: [] }];
  operation.description = [operation.description, whoMayCall(route)].filter(Boolean).join('\n\n');
  for (const [status, response] of Object.entries(operation.responses) as [string, ResponseObject][]) {
    if (response.description === '') response.description = STATUS_TEXT[status] ?? status;
  }
  const headers = [
    ...(route.takesIdempotencyKey ? ['IdempotencyKey'] : []),
    ...(route.readsReadModels ? ['MinPosition'] : []),
  ];
  operation.parameters = [
    ...(operation.parameters ?? []),
    ...headers.map((name) => ({ $ref: `#/components/parameters/${name}` })),
  ];
  for (const [status, problems] of problemsByStatus(route)) {
    for (const spec of problems) if (typeof spec === 'string') examples.add(spec);
    operation.responses[status] = problemResponse(Number(status), problems);
  }
}

const STATUS_TEXT: Readonly<Record<string, string>> = { '200': 'OK', '201': 'Created', '202': 'Accepted' };

function whoMayCall(route: RouteFacts): string {
  if (route.isPublic) return 'No token needed.';
  const roles = route.roles.map((role) => `\`${role}\``).join(' or ');
  return `Needs a bearer token with role ${roles} (\`admin\` may call every route).`;
}

/** Every problem the route can answer with: what its metadata gives, then what it declares. */
export function routeProblems(route: RouteFacts): ProblemSpec[] {
  const readsBody = !isSafeMethod(route.method);
  const authenticated: ProblemSpec[] = [
    'UNAUTHENTICATED',
    { code: 'FORBIDDEN', detail: `This route needs role ${route.roles.join(' or ')}` },
    // Every authenticated route reads or writes a store, and any request can meet a bug.
    'STORE_UNAVAILABLE',
    'INTERNAL_ERROR',
  ];
  return [
    ...(route.validatesInput || readsBody || route.readsReadModels ? ['VALIDATION_FAILED'] : []),
    ...(route.isPublic ? [] : authenticated),
    ...(readsBody ? ['REQUEST_TIMEOUT', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'] : []),
    ...(route.takesIdempotencyKey
      ? ['REQUEST_IN_PROGRESS', 'IDEMPOTENCY_KEY_REUSED', 'TOO_MANY_REQUESTS']
      : []),
    ...(route.readsReadModels ? ['READ_MODEL_BEHIND'] : []),
    ...route.problems,
  ];
}

function codeOf(spec: ProblemSpec): string {
  return typeof spec === 'string' ? spec : spec.code;
}

/** By status, in code order; a route's own example of a code wins over the catalogue's. */
function problemsByStatus(route: RouteFacts): Map<string, ProblemSpec[]> {
  const byCode = new Map<string, ProblemSpec>();
  for (const spec of routeProblems(route)) {
    const code = codeOf(spec);
    if (PROBLEM_EXAMPLES[code] === undefined || STATUS_BY_CODE[code] === undefined) {
      throw new Error(`${route.operationId} declares ${code}, which is not a code of problem.ts`);
    }
    if (typeof spec !== 'string' || !byCode.has(code)) byCode.set(code, spec);
  }
  const byStatus = new Map<string, ProblemSpec[]>();
  const sorted = [...byCode.values()].sort(
    (a, b) => STATUS_BY_CODE[codeOf(a)] - STATUS_BY_CODE[codeOf(b)] || codeOf(a).localeCompare(codeOf(b)),
  );
  for (const spec of sorted) {
    const status = String(STATUS_BY_CODE[codeOf(spec)]);
    byStatus.set(status, [...(byStatus.get(status) ?? []), spec]);
  }
  return byStatus;
}

function problemResponse(status: number, problems: readonly ProblemSpec[]): ResponseObject {
  const codes = problems.map(codeOf);
  return {
    description: codes.map((code) => `- \`${code}\`: ${PROBLEM_EXAMPLES[code].when}`).join('\n'),
    ...(status === 401 && { headers: { 'WWW-Authenticate': header('Bearer', 'Always `Bearer`') } }),
    ...(status === 503 && { headers: { 'Retry-After': header('1', 'Seconds to wait before retrying') } }),
    content: {
      [PROBLEM_CONTENT_TYPE]: {
        schema: {
          allOf: [
            { $ref: PROBLEM_SCHEMA },
            { type: 'object', required: ['code'], properties: { code: { type: 'string', enum: codes } } },
          ],
        },
        examples: Object.fromEntries(
          problems.map((spec) => [
            codeOf(spec),
            typeof spec === 'string'
              ? { $ref: `#/components/examples/${spec}` }
              : problemExample(spec.code, { ...PROBLEM_EXAMPLES[spec.code], ...spec }),
          ]),
        ),
      },
    },
  };
}

function problemExample(code: string, { when, detail, serialNumbers, errors }: ProblemExample) {
  const extensions = { ...(serialNumbers && { serialNumbers }), ...(errors && { errors }) };
  return { summary: when, value: problem(code, STATUS_BY_CODE[code], detail, extensions) };
}

function header(example: string, description: string) {
  return { description, schema: { type: 'string' as const, example } };
}
