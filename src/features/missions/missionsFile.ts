// Reads a government's missions file (YAML) into a validated MissionsFile, with each problem
// located at the line of the offending value.
import YAML, { isNode, type Document } from 'yaml';
import { missionsFileSchema, type MissionsFile } from '../../domain/mission.ts';
import type { Problem } from '../statistics/readers/problem.ts';

function lineOf(doc: Document, text: string, path: (string | number)[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return text.slice(0, node.range[0]).split('\n').length;
  }
  return undefined;
}

export function parseMissionsYaml(
  file: string,
  text: string,
): { value?: MissionsFile; problems: Problem[] } {
  const doc = YAML.parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => ({
        severity: 'error' as const,
        file,
        line: e.linePos?.[0]?.line,
        column: e.linePos?.[0]?.col,
        message: e.message.split('\n')[0]!,
      })),
    };
  }
  const parsed = missionsFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => ({
        severity: 'error' as const,
        file,
        line: lineOf(doc, text, issue.path as (string | number)[]),
        message: `${issue.path.join('.') || '(top level)'}: ${issue.message}`,
      })),
    };
  }
  const problems: Problem[] = [];
  const value = parsed.data;
  const slugs = new Set<string>();
  const goalKeys = new Set(
    value.missions.flatMap((m) => m.goals.map((g) => `${m.slug}/${g.slug}`)),
  );
  value.missions.forEach((m, i) => {
    if (slugs.has(m.slug))
      problems.push({
        severity: 'error',
        file,
        line: lineOf(doc, text, ['missions', i, 'slug']),
        message: `mission slug "${m.slug}" is used twice`,
      });
    slugs.add(m.slug);
    m.goals.forEach((g, j) => {
      const at = (key: string) => lineOf(doc, text, ['missions', i, 'goals', j, key]);
      if (g.indicator && g.target && !g.baseline)
        problems.push({
          severity: 'error',
          file,
          line: at('target'),
          message: `goal ${g.slug}: a target measured by an indicator needs a baseline to measure progress from`,
        });
      if (g.proxyNote && !g.proxy)
        problems.push({
          severity: 'error',
          file,
          line: at('proxyNote'),
          message: `goal ${g.slug}: proxyNote given but proxy is false`,
        });
      g.feeds.forEach((link, k) => {
        const problem = !goalKeys.has(link.goal)
          ? `feeds ${link.goal}, which is not a goal in this file`
          : link.goal.startsWith(`${m.slug}/`)
            ? `feeds ${link.goal}, a goal of its own mission; links are between missions`
            : null;
        if (problem)
          problems.push({
            severity: 'error',
            file,
            line: lineOf(doc, text, ['missions', i, 'goals', j, 'feeds', k, 'goal']),
            message: `goal ${g.slug}: ${problem}`,
          });
      });
      if (!g.indicator && (g.series || g.unit || Object.keys(g.dimensions).length)) {
        problems.push({
          severity: 'error',
          file,
          line: at('series'),
          message: `goal ${g.slug}: series, unit and dimensions need an indicator`,
        });
      }
    });
  });
  return problems.length ? { problems } : { value, problems };
}
