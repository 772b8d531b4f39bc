// Funding settlements in the workspace, for a government's mission editors: its settlements,
// a form to paste a CSV file's text (the same format the command line imports), checked with
// every problem located, then "check your answers" with what would be new or changed before
// it is saved; and removing a settlement. Every route is scoped to the government it names.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import { allows } from '../../platform/auth/policy.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { confirmed, field, rawField } from '../../platform/http/forms.ts';
import { noQuery, pathParam, textParam } from '../../platform/http/params.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import { SettlementsFileError } from './file.ts';
import { SettlementsError } from './service.ts';
import { settlementViews } from './view.ts';

/** What a route acts on when it names nothing that exists: nobody's scope. */
const NOTHING = '';
const governmentParams = z.strictObject({ government: pathParam });
const settlementParams = z.strictObject({ government: pathParam, settlement: pathParam });
const doneMessages: Record<string, string> = {
  imported: 'Saved. The settlements are published.',
  unchanged: 'Nothing changed: the settlements were already as the text says.',
  removed: 'The settlement is removed.',
};

/** Where a problem is, in words for a form: the pasted text has no file name. */
const where = (p: { line?: number; column?: number }) =>
  p.line === undefined
    ? ''
    : p.column === undefined
      ? `Line ${p.line}: `
      : `Line ${p.line}, column ${p.column}: `;

export function setUpSettlementsWorkspace(
  app: FastifyInstance,
  { services, view }: FeatureContext<Services>,
) {
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const { settlements, missions } = services;

  const governmentNamed = async (slug: string) =>
    (await missions.governments()).find((g) => g.slug === slug);
  const governmentOr404 = async (slug: string) => {
    const government = await governmentNamed(slug);
    if (!government) throw new NotFoundError('Government');
    return government;
  };
  const config = {
    policy: 'settlements.edit' as const,
    scope: async (req: FastifyRequest) => {
      const slug = (req.params as { government: string }).government;
      return (await governmentNamed(slug)) ? slug : NOTHING;
    },
  };

  pages.get(
    '/manage/settlements',
    {
      config: { policy: 'settlements.edit' },
      schema: { querystring: z.strictObject({ done: textParam(20) }) },
    },
    async (req, reply) => {
      const governments = (await missions.governments()).filter((g) =>
        allows(req.principal, 'settlements.edit', g.slug),
      );
      const all = await settlementViews(services);
      return view(reply, 'manage-settlements', {
        title: 'Funding settlements',
        activeWorkspace: '/manage/settlements',
        done: doneMessages[req.query.done ?? ''],
        governments: governments.map((government) => ({
          government,
          settlements: all.filter((s) => s.government === government.slug),
        })),
      });
    },
  );

  const importForm = (
    reply: FastifyReply,
    government: { slug: string; name: string },
    answers: { csv: string; reason: string },
    problems?: { errorList: { text: string; href: string }[]; errors: Record<string, unknown> },
  ) =>
    view(reply, 'manage-settlements-import', {
      title: `Import ${government.name}’s funding settlements`,
      activeWorkspace: '/manage/settlements',
      backLink: '/manage/settlements',
      government,
      answers,
      ...problems,
    });

  pages.get(
    '/manage/settlements/:government',
    { config, schema: { params: governmentParams, querystring: noQuery } },
    async (req, reply) =>
      importForm(reply, await governmentOr404(req.params.government), { csv: '', reason: '' }),
  );

  pages.post(
    '/manage/settlements/:government',
    { config, schema: { params: governmentParams } },
    async (req, reply) => {
      const government = await governmentOr404(req.params.government);
      const answers = { csv: rawField(req.body, 'csv'), reason: field(req.body, 'reason') };
      if (field(req.body, 'confirm') === 'change') return importForm(reply, government, answers);
      const errorList: { text: string; href: string }[] = [];
      const errors: Record<string, { text: string }> = {};
      const problem = (name: 'csv' | 'reason', text: string) => {
        errorList.push({ text, href: `#${name}` });
        errors[name] ??= { text };
      };
      if (!answers.csv.trim()) problem('csv', 'Paste the settlements’ CSV text, header first');
      if (!answers.reason) problem('reason', 'Enter a reason');
      else if (answers.reason.length > 2_000)
        problem('reason', 'Reason must be 2,000 characters or fewer');
      let read: Awaited<ReturnType<typeof settlements.read>> = [];
      if (answers.csv.trim())
        try {
          read = await settlements.read(
            'pasted text',
            new TextEncoder().encode(answers.csv),
            government.slug,
          );
        } catch (error) {
          if (error instanceof SettlementsFileError)
            for (const p of error.problems) problem('csv', `${where(p)}${p.message}`);
          else throw error;
        }
      if (errorList.length) {
        if (errorList.filter((e) => e.href === '#csv').length > 1)
          errors.csv = {
            text: `${errorList.filter((e) => e.href === '#csv').length} problems in the text: nothing was saved`,
          };
        return importForm(reply.code(400), government, answers, { errorList, errors });
      }
      if (!confirmed(req.body)) {
        const plan = await settlements.plan(read);
        const names = (list: { title: string; id: string }[]) =>
          list.map((s) => `${s.title} (${s.id})`).join('; ') || 'None';
        return view(reply, 'check-answers', {
          title: 'Check the settlements before saving',
          heading: 'Check the settlements before saving',
          activeWorkspace: '/manage/settlements',
          rows: [
            { key: { text: 'Government' }, value: { text: government.name } },
            { key: { text: 'New settlements' }, value: { text: names(plan.created) } },
            {
              key: { text: 'Changed settlements' },
              value: { text: names(plan.changed.map((c) => c.after)) },
            },
            { key: { text: 'Unchanged' }, value: { text: names(plan.unchanged) } },
            { key: { text: 'Reason' }, value: { text: answers.reason } },
          ],
          action: `/manage/settlements/${government.slug}`,
          hidden: answers,
          saveText: 'Save and publish',
        });
      }
      try {
        const done = await settlements.import(read, {
          actor: req.principal!.name,
          reason: answers.reason,
        });
        return reply.redirect(
          `/manage/settlements?done=${done.changes ? 'imported' : 'unchanged'}`,
          303,
        );
      } catch (error) {
        if (!(error instanceof SettlementsError)) throw error;
        problem('csv', error.message);
        return importForm(reply.code(400), government, answers, { errorList, errors });
      }
    },
  );

  // Removing a settlement: a page to confirm with a reason, then the removal on the record.
  const settlementOr404 = async (government: string, id: string) => {
    const settlement = await settlements.get(id);
    if (!settlement || settlement.government !== government) throw new NotFoundError('Settlement');
    return settlement;
  };
  const removeForm = (
    reply: FastifyReply,
    settlement: { id: string; title: string; government: string },
    reason: string,
    error?: string,
  ) =>
    view(reply, 'manage-settlement-remove', {
      title: `Remove ${settlement.title}`,
      activeWorkspace: '/manage/settlements',
      backLink: '/manage/settlements',
      settlement,
      answers: { reason },
      ...(error
        ? { errorList: [{ text: error, href: '#reason' }], errors: { reason: { text: error } } }
        : {}),
    });
  pages.get(
    '/manage/settlements/:government/:settlement/remove',
    { config, schema: { params: settlementParams, querystring: noQuery } },
    async (req, reply) =>
      removeForm(reply, await settlementOr404(req.params.government, req.params.settlement), ''),
  );
  pages.post(
    '/manage/settlements/:government/:settlement/remove',
    { config, schema: { params: settlementParams } },
    async (req, reply) => {
      const settlement = await settlementOr404(req.params.government, req.params.settlement);
      const reason = field(req.body, 'reason');
      if (!reason || reason.length > 2_000)
        return removeForm(
          reply.code(400),
          settlement,
          reason,
          reason ? 'Reason must be 2,000 characters or fewer' : 'Enter a reason',
        );
      await settlements.remove(settlement.id, settlement.government, {
        actor: req.principal!.name,
        reason,
      });
      return reply.redirect('/manage/settlements?done=removed', 303);
    },
  );
}
