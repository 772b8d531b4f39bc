// Partners in the workspace. A partner keeps its organisation's register entry, makes pledges,
// reports progress and withdraws; each pledge, change and report waits for a mission editor of
// the pledge's government, who approves it (it is published) or refuses it with a reason the
// partner sees. Mission editors also add organisations to the register. Every route is scoped
// to the organisation or government it acts on, so nobody acts for another's.
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import {
  sectorLabels,
  sectors,
  sizeBandLabels,
  sizeBands,
  standing,
  standingLabels,
  type PledgeContent,
} from '../../domain/partners.ts';
import { allows } from '../../platform/auth/policy.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { field, FormErrors, type FormBody } from '../../platform/http/forms.ts';
import { noQuery, pathParam, textParam } from '../../platform/http/params.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import type { Answers } from '../missions/manageForm.ts';
import {
  organisationAnswers,
  organisationFields,
  organisationOf,
  pledgeAnswers,
  pledgeFields,
  pledgeOf,
  reportedPledge,
  serviceProblem,
} from './forms.ts';
import { PartnersError, TooManySubmissionsError } from './service.ts';
import type { StoredPledge } from './store.ts';

/** What a route acts on when it names nothing that exists: nobody's scope. */
const NOTHING = '';

const organisationParams = z.strictObject({ organisation: pathParam });
const pledgeParams = z.strictObject({ pledge: z.coerce.number().int().positive().max(1e9) });
const doneQuery = z.strictObject({ done: textParam(20) });

/** The words each finished step leaves in the banner of the page it returns to. */
const doneMessages: Record<string, string> = {
  sent: 'Sent for approval. A mission editor will approve it or tell you why not.',
  withdrawn: 'The pledge is withdrawn.',
  saved: 'Saved.',
  approved: 'Approved and published.',
  refused: 'Refused. The partner sees your reason.',
};

const checked = (body: unknown, name: string) => {
  const value = (body as FormBody | undefined)?.[name];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(
    (v): v is string => typeof v === 'string',
  );
};

export function setUpPartnersWorkspace(
  app: FastifyInstance,
  { services, view }: FeatureContext<Services>,
) {
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const { partners, missions } = services;
  const today = () =>
    services.clock.now().toLocaleDateString('en-CA', { timeZone: 'Europe/London' });

  const pledgeOr404 = async (id: number) => {
    const pledge = await partners.pledge(id);
    if (!pledge) throw new NotFoundError('Pledge');
    return pledge;
  };
  const organisationOr404 = async (slug: string) => {
    const organisation = await partners.organisation(slug);
    if (!organisation) throw new NotFoundError('Organisation');
    return organisation;
  };

  // Scopes: an organisation that exists; a pledge's organisation; a pledge's government.
  const organisationScope = async (req: FastifyRequest) => {
    const slug = (req.params as { organisation: string }).organisation;
    return (await partners.organisation(slug)) ? slug : NOTHING;
  };
  const pledgeNamed = (req: FastifyRequest) =>
    partners.pledge(Number((req.params as { pledge: string }).pledge) || 0);
  const partnerConfig = { policy: 'partners.submit' as const, scope: organisationScope };
  const pledgeConfig = {
    policy: 'partners.submit' as const,
    scope: async (req: FastifyRequest) => (await pledgeNamed(req))?.organisation ?? NOTHING,
  };
  const moderateConfig = {
    policy: 'pledges.moderate' as const,
    scope: async (req: FastifyRequest) => {
      const pledge = await pledgeNamed(req);
      const mission = pledge && (await missions.stored()).find((m) => m.slug === pledge.mission);
      return mission?.governmentSlug ?? NOTHING;
    },
  };

  /** Every goal a pledge may serve, as the form's choices: "Mission: goal". */
  const goalChoices = async (selected: string) =>
    (await missions.stored()).flatMap((m) =>
      m.goals.map((g) => ({
        value: `${m.slug}/${g.slug}`,
        text: `${m.title}: ${g.statement}`,
        selected: `${m.slug}/${g.slug}` === selected,
      })),
    );
  const goalName = async (mission: string, goal: string) => {
    const m = (await missions.stored()).find((x) => x.slug === mission);
    return `${m?.title ?? mission}: ${m?.goals.find((g) => g.slug === goal)?.statement ?? goal}`;
  };

  /** Runs a save; a refusal becomes errors on the form, too many submissions a 429. */
  async function attempt<T>(
    reply: FastifyReply,
    errors: FormErrors,
    fields: Parameters<typeof serviceProblem>[1],
    save: () => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await save();
    } catch (error) {
      if (error instanceof TooManySubmissionsError) {
        reply.code(429).header('retry-after', String(error.retryAfterSeconds));
        errors.add('reason', 'You have sent a lot in the last hour: wait, then try again');
        return undefined;
      }
      if (!(error instanceof PartnersError)) throw error;
      reply.code(400);
      serviceProblem(error, fields, errors);
      return undefined;
    }
  }

  const reasonOf = (body: unknown, errors: FormErrors, missing = 'Enter a reason') => {
    const reason = field(body, 'reason');
    if (!reason) errors.add('reason', missing);
    else if (reason.length > 2_000)
      errors.add('reason', 'Reason must be 2,000 characters or fewer');
    return reason;
  };
  const meta = (req: FastifyRequest, reason: string) => ({ actor: req.principal!.name, reason });

  /** A pledge as the workspace lists it: what the public sees and what waits. */
  const summary = async (p: StoredPledge) => {
    const content = p.submission?.content ?? p.published;
    return {
      id: p.id,
      title: content?.title ?? `Pledge ${p.id}`,
      goal: content ? await goalName(p.mission, content.goal) : '',
      standing: p.published
        ? standingLabels[standing(p.published, p.publishedOn!, today()).standing]
        : undefined,
      waiting: p.submission && !p.submission.refusal,
      refusal: p.submission?.refusal,
    };
  };

  // The organisations a partner acts for, with their pledges.
  pages.get(
    '/manage/partners',
    { config: { policy: 'partners.submit' }, schema: { querystring: doneQuery } },
    async (req, reply) => {
      const organisations = (await partners.organisations()).filter((o) =>
        allows(req.principal, 'partners.submit', o.slug),
      );
      const pledges = await partners.allPledges();
      return view(reply, 'manage-partners', {
        title: 'Your organisation',
        activeWorkspace: '/manage/partners',
        done: doneMessages[req.query.done ?? ''],
        organisations: await Promise.all(
          organisations.map(async (o) => ({
            ...o,
            pledges: await Promise.all(
              pledges.filter((p) => p.organisation === o.slug).map(summary),
            ),
          })),
        ),
      });
    },
  );

  // An organisation's register entry: added by a mission editor, kept by its partners.
  const organisationForm = (
    reply: FastifyReply,
    values: { action: string; heading: string; answers: Answers; adding: boolean },
    problems?: FormErrors,
  ) =>
    view(reply, 'manage-organisation', {
      title: values.heading,
      activeWorkspace: values.adding ? '/manage/pledges' : '/manage/partners',
      backLink: values.adding ? '/manage/pledges' : '/manage/partners',
      ...values,
      sectors: sectors.map((s) => ({ value: s, text: sectorLabels[s] })),
      sizes: sizeBands.map((s) => ({ value: s, text: sizeBandLabels[s] })),
      ...problems?.view(),
    });
  const organisationAnswersOf = (body: unknown): Answers => ({
    ...Object.fromEntries(organisationFields.map((f) => [f.name, field(body, f.name)])),
    reason: field(body, 'reason'),
  });

  /** The entry a form is for: none yet (adding), or the organisation its address names. */
  const entryOf = async (req: FastifyRequest) => {
    const slug = (req.params as { organisation?: string }).organisation;
    const organisation = slug === undefined ? undefined : await organisationOr404(slug);
    return {
      organisation,
      values: organisation
        ? {
            action: `/manage/partners/${organisation.slug}`,
            heading: `Change ${organisation.content.name}’s entry`,
            adding: false,
          }
        : {
            action: '/manage/organisations/new',
            heading: 'Add an organisation to the register',
            adding: true,
          },
    };
  };
  const entryRoutes: [string, FastifyContextConfig, z.ZodObject][] = [
    ['/manage/organisations/new', { policy: 'partners.register' }, z.strictObject({})],
    ['/manage/partners/:organisation', partnerConfig, organisationParams],
  ];
  for (const [url, config, params] of entryRoutes) {
    pages.get(url, { config, schema: { params, querystring: noQuery } }, async (req, reply) => {
      const { organisation, values } = await entryOf(req);
      return organisationForm(reply, {
        ...values,
        answers: organisationAnswers(organisation?.content),
      });
    });
    pages.post(url, { config, schema: { params } }, async (req, reply) => {
      const { organisation, values } = await entryOf(req);
      const form = { ...values, answers: organisationAnswersOf(req.body) };
      const errors = new FormErrors();
      const content = organisationOf(form.answers, errors);
      const reason = reasonOf(req.body, errors);
      if (!content || errors.any) return organisationForm(reply.code(400), form, errors);
      const saved = await attempt(reply, errors, organisationFields, () =>
        partners.saveOrganisation(organisation?.slug, content, meta(req, reason)),
      );
      if (!saved) return organisationForm(reply, form, errors);
      return reply.redirect(
        `${values.adding ? '/manage/pledges' : '/manage/partners'}?done=saved`,
        303,
      );
    });
  }

  // A pledge: made by a partner for its organisation, or changed and sent again.
  const pledgeForm = async (
    reply: FastifyReply,
    values: { action: string; heading: string; answers: Answers; organisation: string },
    problems?: FormErrors,
  ) =>
    view(reply, 'manage-pledge', {
      title: values.heading,
      activeWorkspace: '/manage/partners',
      backLink: '/manage/partners',
      ...values,
      goals: [
        { value: '', text: 'Choose a goal' },
        ...(await goalChoices(values.answers.goal ?? '')),
      ],
      ...problems?.view(),
    });
  const pledgeAnswersOf = (body: unknown): Answers => ({
    ...Object.fromEntries(pledgeFields.map((f) => [f.name, field(body, f.name)])),
    reason: field(body, 'reason'),
  });

  pages.get(
    '/manage/partners/:organisation/pledge',
    { config: partnerConfig, schema: { params: organisationParams, querystring: noQuery } },
    async (req, reply) => {
      const organisation = await organisationOr404(req.params.organisation);
      return pledgeForm(reply, {
        action: `/manage/partners/${organisation.slug}/pledge`,
        heading: 'Make a pledge',
        answers: pledgeAnswers(undefined),
        organisation: organisation.content.name,
      });
    },
  );
  pages.post(
    '/manage/partners/:organisation/pledge',
    { config: partnerConfig, schema: { params: organisationParams } },
    async (req, reply) => {
      const organisation = await organisationOr404(req.params.organisation);
      const answers = pledgeAnswersOf(req.body);
      const errors = new FormErrors();
      const pledge = pledgeOf(answers, errors);
      const reason = reasonOf(req.body, errors, 'Say in a sentence why you make this pledge');
      const values = {
        action: `/manage/partners/${organisation.slug}/pledge`,
        heading: 'Make a pledge',
        answers,
        organisation: organisation.content.name,
      };
      if (!pledge || errors.any) return pledgeForm(reply.code(400), values, errors);
      const id = await attempt(reply, errors, pledgeFields, () =>
        partners.submit({ organisation: organisation.slug, ...pledge }, meta(req, reason)),
      );
      if (!id) return pledgeForm(reply, values, errors);
      return reply.redirect('/manage/partners?done=sent', 303);
    },
  );

  /** What a partner changes: the version waiting (or refused), or else the published one. */
  const working = (p: StoredPledge) => (p.submission?.content ?? p.published)!;
  const open = async (id: number) => {
    const pledge = await pledgeOr404(id);
    if (pledge.published?.status === 'withdrawn' || !working(pledge))
      throw new NotFoundError('Pledge');
    return pledge;
  };

  pages.get(
    '/manage/pledges/:pledge/change',
    { config: pledgeConfig, schema: { params: pledgeParams, querystring: noQuery } },
    async (req, reply) => {
      const pledge = await open(req.params.pledge);
      return pledgeForm(reply, {
        action: `/manage/pledges/${pledge.id}/change`,
        heading: `Change pledge ${pledge.id}`,
        answers: pledgeAnswers(working(pledge), pledge.mission),
        organisation: (await organisationOr404(pledge.organisation)).content.name,
      });
    },
  );
  pages.post(
    '/manage/pledges/:pledge/change',
    { config: pledgeConfig, schema: { params: pledgeParams } },
    async (req, reply) => {
      const pledge = await open(req.params.pledge);
      const answers = pledgeAnswersOf(req.body);
      const errors = new FormErrors();
      const changed = pledgeOf(answers, errors, working(pledge));
      const reason = reasonOf(req.body, errors);
      if (changed && changed.mission !== pledge.mission)
        errors.add('goal', 'Choose a goal of the same mission, or make a new pledge');
      const values = {
        action: `/manage/pledges/${pledge.id}/change`,
        heading: `Change pledge ${pledge.id}`,
        answers,
        organisation: (await organisationOr404(pledge.organisation)).content.name,
      };
      if (!changed || errors.any) return pledgeForm(reply.code(400), values, errors);
      const saved = await attempt(reply, errors, pledgeFields, () =>
        partners.resubmit(pledge.id, changed.content, meta(req, reason)),
      );
      if (!saved) return pledgeForm(reply, values, errors);
      return reply.redirect('/manage/partners?done=sent', 303);
    },
  );

  // A progress report: what was done, which deliverables are done, whether it is complete.
  const reportForm = (
    reply: FastifyReply,
    pledge: StoredPledge,
    answers: Record<string, unknown>,
    problems?: FormErrors,
  ) =>
    view(reply, 'manage-pledge-report', {
      title: `Report progress on pledge ${pledge.id}`,
      activeWorkspace: '/manage/partners',
      backLink: '/manage/partners',
      pledge: { id: pledge.id, content: working(pledge) },
      answers,
      ...problems?.view(),
    });

  pages.get(
    '/manage/pledges/:pledge/report',
    { config: pledgeConfig, schema: { params: pledgeParams, querystring: noQuery } },
    async (req, reply) => reportForm(reply, await open(req.params.pledge), { done: [] }),
  );
  pages.post(
    '/manage/pledges/:pledge/report',
    { config: pledgeConfig, schema: { params: pledgeParams } },
    async (req, reply) => {
      const pledge = await open(req.params.pledge);
      const answers = {
        summary: field(req.body, 'summary'),
        evidence: field(req.body, 'evidence'),
        done: checked(req.body, 'done'),
        complete: field(req.body, 'complete') === 'yes',
        reason: field(req.body, 'reason'),
      };
      const errors = new FormErrors();
      if (!answers.summary)
        errors.add('summary', 'Enter what you have done since your last report');
      const content: PledgeContent | undefined = answers.summary
        ? reportedPledge(working(pledge), answers, today(), errors)
        : undefined;
      const reason = answers.reason || 'Progress report';
      if (!content || errors.any) return reportForm(reply.code(400), pledge, answers, errors);
      const saved = await attempt(reply, errors, [], () =>
        partners.resubmit(pledge.id, content, meta(req, reason)),
      );
      if (!saved) return reportForm(reply, pledge, answers, errors);
      return reply.redirect('/manage/partners?done=sent', 303);
    },
  );

  // Withdrawing: at once, with a reason the change log shows.
  const withdrawForm = (reply: FastifyReply, pledge: StoredPledge, problems?: FormErrors) =>
    view(reply, 'manage-pledge-withdraw', {
      title: `Withdraw pledge ${pledge.id}`,
      activeWorkspace: '/manage/partners',
      backLink: '/manage/partners',
      pledge: { id: pledge.id, content: working(pledge) },
      ...problems?.view(),
    });
  pages.get(
    '/manage/pledges/:pledge/withdraw',
    { config: pledgeConfig, schema: { params: pledgeParams, querystring: noQuery } },
    async (req, reply) => withdrawForm(reply, await open(req.params.pledge)),
  );
  pages.post(
    '/manage/pledges/:pledge/withdraw',
    { config: pledgeConfig, schema: { params: pledgeParams } },
    async (req, reply) => {
      const pledge = await open(req.params.pledge);
      const errors = new FormErrors();
      const reason = reasonOf(req.body, errors, 'Say why you withdraw the pledge');
      if (errors.any) return withdrawForm(reply.code(400), pledge, errors);
      const done = await attempt(reply, errors, [], () =>
        partners.withdraw(pledge.id, meta(req, reason)),
      );
      if (!done) return withdrawForm(reply, pledge, errors);
      return reply.redirect('/manage/partners?done=withdrawn', 303);
    },
  );

  // Moderation: the pledges waiting for a mission editor of their government, and the register.
  pages.get(
    '/manage/pledges',
    { config: { policy: 'pledges.moderate' }, schema: { querystring: doneQuery } },
    async (req, reply) => {
      const governmentOf = new Map(
        (await missions.stored()).map((m) => [m.slug, m.governmentSlug]),
      );
      const waiting = (await partners.allPledges()).filter(
        (p) =>
          p.submission &&
          !p.submission.refusal &&
          allows(req.principal, 'pledges.moderate', governmentOf.get(p.mission)),
      );
      const organisations = await partners.organisations();
      const names = new Map(organisations.map((o) => [o.slug, o.content.name]));
      return view(reply, 'manage-pledges', {
        title: 'Partners’ pledges',
        activeWorkspace: '/manage/pledges',
        done: doneMessages[req.query.done ?? ''],
        mayRegister: allows(req.principal, 'partners.register'),
        waiting: await Promise.all(
          waiting.map(async (p) => ({
            ...(await summary(p)),
            organisation: names.get(p.organisation),
            change: p.published !== undefined,
            sentAt: p.submission!.at.slice(0, 10),
          })),
        ),
        organisations: organisations.map((o) => ({
          ...o,
          sector: sectorLabels[o.content.sector],
        })),
      });
    },
  );

  const decisionForm = async (
    reply: FastifyReply,
    pledge: StoredPledge,
    answers: Answers,
    problems?: FormErrors,
  ) => {
    const submission = pledge.submission!;
    return view(reply, 'manage-pledge-decision', {
      title: `Pledge ${pledge.id}: approve or refuse`,
      activeWorkspace: '/manage/pledges',
      backLink: '/manage/pledges',
      pledge: {
        id: pledge.id,
        organisation: (await organisationOr404(pledge.organisation)).content.name,
        goal: await goalName(pledge.mission, submission.content.goal),
        sent: submission.content,
        published: pledge.published,
        by: submission.by,
        at: submission.at.slice(0, 10),
      },
      answers,
      ...problems?.view(),
    });
  };
  const waitingOr404 = async (id: number) => {
    const pledge = await pledgeOr404(id);
    if (!pledge.submission || pledge.submission.refusal) throw new NotFoundError('Submission');
    return pledge;
  };

  pages.get(
    '/manage/pledges/:pledge/decision',
    { config: moderateConfig, schema: { params: pledgeParams, querystring: noQuery } },
    async (req, reply) => decisionForm(reply, await waitingOr404(req.params.pledge), {}),
  );
  pages.post(
    '/manage/pledges/:pledge/decision',
    { config: moderateConfig, schema: { params: pledgeParams } },
    async (req, reply) => {
      const pledge = await waitingOr404(req.params.pledge);
      const answers = { decision: field(req.body, 'decision'), reason: field(req.body, 'reason') };
      const errors = new FormErrors();
      if (answers.decision !== 'approve' && answers.decision !== 'refuse')
        errors.add('decision', 'Select whether to approve or refuse the pledge');
      const reason = reasonOf(
        req.body,
        errors,
        answers.decision === 'refuse'
          ? 'Say why it is refused: the partner sees this'
          : 'Enter a reason for the approval',
      );
      if (errors.any) return decisionForm(reply.code(400), pledge, answers, errors);
      const decision = answers.decision as 'approve' | 'refuse';
      const done = await attempt(reply, errors, [], () =>
        partners.moderate(pledge.id, decision, meta(req, reason)),
      );
      if (!done) return decisionForm(reply, pledge, answers, errors);
      return reply.redirect(
        `/manage/pledges?done=${decision === 'approve' ? 'approved' : 'refused'}`,
        303,
      );
    },
  );
}
