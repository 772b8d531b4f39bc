// Reads a YAML file against a zod schema, with each problem located at the line of the value
// it is about: the one way Northstar reads the YAML people write (missions files, recipes).
import YAML, { isNode, type Document } from 'yaml';
import type { z } from 'zod';
import type { Problem } from '../features/statistics/readers/problem.ts';

/** The line of the value at `path`, or of the nearest enclosing value the file has. */
export type LineAt = (path: (string | number)[]) => number | undefined;

function lineOf(doc: Document, text: string, path: (string | number)[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return text.slice(0, node.range[0]).split('\n').length;
  }
  return undefined;
}

/** How many copies aliases may expand to: files people write need few, if any. */
const MAX_ALIASES = 100;

export function parseYaml<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
): { value?: z.output<S>; problems: Problem[]; lineAt: LineAt } {
  const doc = YAML.parseDocument(text);
  const lineAt: LineAt = (path) => lineOf(doc, text, path);
  const error = (message: string, line?: number, column?: number): Problem => ({
    severity: 'error',
    file,
    line,
    column,
    message,
  });
  if (doc.errors.length > 0) {
    // Pretty errors carry their line and column (`linePos`), which the problem reports apart.
    return {
      lineAt,
      problems: doc.errors.map((e) =>
        error(
          e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
          e.linePos?.[0]?.line,
          e.linePos?.[0]?.col,
        ),
      ),
    };
  }
  let content: unknown;
  try {
    content = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    // Aliases that expand without bound (a "billion laughs" file) are refused, not followed.
    if (!(e instanceof ReferenceError)) throw e;
    const message = `the file's aliases (*name) would expand to more than ${MAX_ALIASES} copies; write the values out`;
    return { lineAt, problems: [error(message, 1)] };
  }
  const parsed = schema.safeParse(content);
  if (!parsed.success) {
    return {
      lineAt,
      problems: parsed.error.issues.map((issue) =>
        error(
          `${issue.path.join('.') || '(top level)'}: ${issue.message}`,
          lineAt(issue.path as (string | number)[]),
        ),
      ),
    };
  }
  return { value: parsed.data, problems: [], lineAt };
}
