// The API's page for people (/api): every route of the OpenAPI document with what it answers,
// its parameters and a link to try, made from the document itself, so the page can never
// list a route the API does not have, nor miss one it does.

/** What the page needs of an OpenAPI 3 document (as @fastify/swagger makes it). */
export interface OpenApiDocument {
  info?: { title?: string; description?: string };
  paths: Record<string, Record<string, OpenApiOperation | undefined>>;
}

interface OpenApiParameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: { type?: string; enum?: unknown[]; default?: unknown; examples?: unknown[] };
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
}

interface OpenApiOperation {
  summary?: string;
  tags?: string[];
  parameters?: OpenApiParameter[];
  responses?: Record<string, unknown>;
}

export interface ApiRoute {
  method: string;
  path: string;
  summary: string;
  tag: string;
  parameters: { name: string; where: string; required: boolean; description: string }[];
  /** An address that answers: the path with each parameter's example; null if one has none. */
  example: string | null;
  statuses: string[];
}

/** A parameter's example, wherever the document keeps it. */
const exampleOf = (p: OpenApiParameter): string | undefined => {
  const value = p.schema?.examples?.[0] ?? p.example ?? Object.values(p.examples ?? {})[0]?.value;
  return value === undefined ? undefined : String(value);
};

const where: Record<string, string> = { path: 'path', query: 'query' };

/** The text that says what a parameter takes: its description, its values, its default. */
function describeParameter(p: OpenApiParameter) {
  const parts = [p.description ?? ''];
  const values = p.schema?.enum;
  if (values?.length) parts.push(`One of: ${values.map(String).join(', ')}.`);
  return parts.filter(Boolean).join(' ');
}

/** Each route of the document, grouped in the order its tags first appear. */
export function apiRoutes(doc: OpenApiDocument): ApiRoute[] {
  const routes: ApiRoute[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!op) continue;
      const parameters = op.parameters ?? [];
      const filled = path.replace(/\{(\w+)\}/g, (template, name: string) => {
        const example = parameters.find((p) => p.in === 'path' && p.name === name);
        const value = example && exampleOf(example);
        return value === undefined ? template : encodeURIComponent(value);
      });
      routes.push({
        method: method.toUpperCase(),
        path,
        summary: op.summary ?? '',
        tag: op.tags?.[0] ?? 'service',
        parameters: parameters.map((p) => ({
          name: p.name,
          where: where[p.in] ?? p.in,
          required: p.required ?? false,
          description: describeParameter(p),
        })),
        example: method === 'get' && !filled.includes('{') ? filled : null,
        statuses: Object.keys(op.responses ?? {}),
      });
    }
  }
  const order = [...new Set(routes.map((r) => r.tag))];
  return routes.sort((a, b) => order.indexOf(a.tag) - order.indexOf(b.tag));
}
