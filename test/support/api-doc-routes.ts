/**
 * The routes docs/api.md documents, read by the convention the page states at its top:
 * - every route has its own section, headed exactly ### `METHOD /path`, path parameters as {name};
 * - a route written anywhere else on the page is in backticks the same way and has such a section;
 * - the request line of an ```http example names a documented route, its parameters filled in.
 * Anything that looks like a route and breaks these rules is a problem, so a typo cannot slip by.
 */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE'] as const;

export interface DocumentedRoutes {
  /** `METHOD /path` as the section headings write them, in page order. */
  readonly declared: readonly string[];
  /** One line per broken rule, starting with the line number. */
  readonly problems: readonly string[];
}

const METHOD = HTTP_METHODS.join('|');
const ROUTE = new RegExp(`^(?:${METHOD}) /[a-z0-9-]+(?:/(?:[a-z0-9-]+|\\{[a-z][A-Za-z0-9]*\\}))*$`);
/** What a writer meant as a route: a word and a path, or an upper-case word and anything. */
const LOOKS_LIKE_ROUTE = /^(?:[A-Za-z]+ +\/|[A-Z]{3,} )/;
const ROUTE_HEADING = /^### `([^`]+)`$/;
const BARE_ROUTE = new RegExp(`\\b(?:${METHOD})\\s+/`);
const EXAMPLE_REQUEST = new RegExp(`^(${METHOD}) (/[^\\s?#]*)(?:\\?\\S*)?$`);
const EXAMPLE_RESPONSE = /^HTTP\/1\.1 \d{3}(?: .*)?$/;
const FENCE = /^```(\S*)/;

interface Mention {
  readonly line: number;
  readonly route: string;
}

interface OpenFence {
  readonly info: string;
  readonly start: number;
  firstLine?: string;
}

interface HttpExample {
  readonly line: number;
  readonly firstLine: string;
}

export function documentedRoutes(markdown: string): DocumentedRoutes {
  const declared: string[] = [];
  const problems: string[] = [];
  const mentions: Mention[] = [];
  const examples: HttpExample[] = [];
  let fence: OpenFence | null = null;

  for (const [index, text] of markdown.split('\n').entries()) {
    const line = index + 1;
    const fenceMatch = FENCE.exec(text);
    if (fence) {
      if (fenceMatch && fenceMatch[1] === '') {
        if (fence.info === 'http') examples.push({ line: fence.start, firstLine: fence.firstLine ?? '' });
        fence = null;
      } else if (fence.firstLine === undefined && text.trim() !== '') {
        fence.firstLine = text.trim();
      }
      continue;
    }
    if (fenceMatch) {
      fence = { info: fenceMatch[1], start: line };
      continue;
    }
    const spans = [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1]);
    if (BARE_ROUTE.test(text.replace(/`[^`]*`/g, ''))) {
      problems.push(`line ${line}: a route outside backticks`);
    }
    const routes = spans.filter((span) => LOOKS_LIKE_ROUTE.test(span));
    for (const route of routes.filter((span) => !ROUTE.test(span))) {
      problems.push(`line ${line}: \`${route}\` is not METHOD /path with {param} placeholders`);
    }
    if (/^#{1,6} /.test(text) && routes.length > 0) {
      // A heading's route of the wrong shape was reported above, as the span it is.
      const heading = ROUTE_HEADING.exec(text)?.[1];
      if (heading === undefined)
        problems.push(`line ${line}: a route heading is exactly ### \`METHOD /path\``);
      else if (declared.includes(heading))
        problems.push(`line ${line}: \`${heading}\` has a section already`);
      else if (ROUTE.test(heading)) declared.push(heading);
      continue;
    }
    for (const route of routes) if (ROUTE.test(route)) mentions.push({ line, route });
  }
  if (fence) problems.push(`line ${fence.start}: a code block is never closed`);

  for (const { line, route } of mentions) {
    if (!declared.includes(route)) problems.push(`line ${line}: \`${route}\` has no section of its own`);
  }
  for (const example of examples) problems.push(...exampleProblems(example, declared));
  return { declared, problems };
}

function exampleProblems({ line, firstLine }: HttpExample, declared: readonly string[]): string[] {
  if (EXAMPLE_RESPONSE.test(firstLine)) return [];
  const request = EXAMPLE_REQUEST.exec(firstLine);
  if (!request) return [`line ${line}: an http example starts with METHOD /path or HTTP/1.1 <status>`];
  const [, method, path] = request;
  const matches = declared.some((route) => {
    const [routeMethod, template] = route.split(' ');
    const pattern = template.replace(/\{[^}]+\}/g, '[^/]+');
    return routeMethod === method && new RegExp(`^${pattern}$`).test(path);
  });
  return matches ? [] : [`line ${line}: the example ${method} ${path} matches no documented route`];
}

/** Every operation of an OpenAPI document as `METHOD /path`. */
export function openApiRoutes(document: { paths: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.keys(operations)
      .map((key) => key.toUpperCase())
      .filter((method) => (HTTP_METHODS as readonly string[]).includes(method))
      .map((method) => `${method} ${path}`),
  );
}

/** Method and path with parameter names dropped: `GET /v1/products/{id}` is `GET /v1/products/{}`. */
export function routeShape(route: string): string {
  return route.replace(/\{[^}]*\}/g, '{}');
}
