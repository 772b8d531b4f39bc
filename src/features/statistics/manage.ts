// Publishing statistics through the workspace: upload a file (Open SDG or tidy CSV), see its
// problems located, or what it would change; then publish it now or embargo it until a time,
// with a reason, through the same import the command line runs. Pre-release access to
// embargoed releases is in preReleasePages.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../compose.ts';
import { RefusedError } from '../../platform/auth/guard.ts';
import { allows, type Principal } from '../../platform/auth/policy.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { confirmed, field, FormErrors } from '../../platform/http/forms.ts';
import { pathParam } from '../../platform/http/params.ts';
import type { FeatureContext } from '../../platform/http/registry.ts';
import { ImportError, type ImportReport } from './importer.ts';
import type { StagedUpload } from './manageStore.ts';
import { releaseTimeFrom, releaseTimeText } from './manageTime.ts';
import {
  csrfFieldFirst,
  readUpload,
  safeFileName,
  setUpUploads,
  sizeText,
  withFile,
} from './manageUpload.ts';
import {
  indicatorTitles,
  problemPlace,
  problemRows,
  previewView,
  releaseState,
  WORKSPACE,
} from './manageView.ts';
import type { Problem } from './readers/problem.ts';
import type { ImportPreview } from './preview.ts';
import { setUpPreReleasePages } from './preReleasePages.ts';

const config = { policy: 'statistics.publish' as const };
/** Problems named in the error summary; the table below it has them all. */
const PROBLEMS_SUMMARISED = 10;
const uploadParams = z.strictObject({ upload: pathParam });

/** The statistics workspace, in a scope of its own: the only one that reads multipart bodies. */
export async function setUpStatisticsWorkspace(
  app: FastifyInstance,
  context: FeatureContext<Services>,
) {
  await app.register(async (scope) => {
    await setUpUploads(scope, context.services.statistics.maxFileBytes);
    setUpPublishing(scope, context);
    setUpPreReleasePages(scope, context);
  });
}

/** The indicators of `ids` that `principal` may not publish. */
const refusedOf = (principal: Principal, ids: string[]) =>
  ids.filter((id) => !allows(principal, 'statistics.publish', id));

const refusal = (refused: string[]) =>
  `You cannot publish ${refused.length === 1 ? 'indicator' : 'indicators'} ${refused.join(', ')}: ` +
  'you are not a statistics publisher for ' +
  `${refused.length === 1 ? 'it' : 'them'}. Nothing was stored.`;

/** The answers of the publish form, under the names its fields have. */
function publishAnswers(body: unknown) {
  return {
    when: field(body, 'when'),
    'releaseDate-day': field(body, 'releaseDate-day'),
    'releaseDate-month': field(body, 'releaseDate-month'),
    'releaseDate-year': field(body, 'releaseDate-year'),
    'releaseTime-hour': field(body, 'releaseTime-hour'),
    'releaseTime-minute': field(body, 'releaseTime-minute'),
    reason: field(body, 'reason'),
  };
}

function setUpPublishing(app: FastifyInstance, { services, view }: FeatureContext<Services>) {
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const { statistics, clock } = services;
  const maxText = sizeText(statistics.maxFileBytes);

  // The releases this person may publish, and what state each is in.
  pages.get(WORKSPACE, { config }, async (req, reply) => {
    const principal = req.principal!;
    const now = clock.now();
    const releases = (await statistics.allReleases()).filter((r) =>
      allows(principal, 'statistics.publish', r.indicatorId),
    );
    const title = await indicatorTitles(services);
    const reasons = await statistics.workspace.publishedReasons(releases.map((r) => r.id));
    const everything = principal.grants.some((g) => g.role === 'administrator');
    return view(reply, 'manage-releases', {
      title: 'Statistics releases',
      activeWorkspace: WORKSPACE,
      indicators: everything
        ? null
        : principal.grants.filter((g) => g.role === 'statistics-publisher').map((g) => g.scope),
      releases: releases.map((r) => ({
        ...r,
        title: title(r.indicatorId),
        state: releaseState(r, now),
        reason: reasons.get(r.id) ?? '',
      })),
    });
  });

  const uploadPage = (reply: FastifyReply, values: Record<string, unknown> = {}) =>
    view(reply, 'manage-upload', {
      title: 'Upload a release',
      activeWorkspace: WORKSPACE,
      backLink: WORKSPACE,
      maxText,
      ...values,
    });

  /** The upload form again, with every problem of the file located; nothing was stored. */
  const problemsPage = (reply: FastifyReply, fileName: string, problems: Problem[]) => {
    const errors = problems.filter((p) => p.severity === 'error');
    const listed = errors.slice(0, PROBLEMS_SUMMARISED);
    reply.code(400);
    return uploadPage(reply, {
      errorList: [
        ...listed.map((p) => ({ text: `${problemPlace(p)}: ${p.message}`, href: '#file' })),
        ...(errors.length > listed.length
          ? [{ text: `${errors.length - listed.length} more problems are listed below the form` }]
          : []),
      ],
      errors: {
        file: {
          text: `${fileName} has ${errors.length} ${errors.length === 1 ? 'problem' : 'problems'}. Fix ${errors.length === 1 ? 'it' : 'them'} and upload the file again. Nothing was stored.`,
        },
      },
      problems: problemRows(problems),
    });
  };

  pages.get(`${WORKSPACE}/upload`, { config }, async (_req, reply) => uploadPage(reply));

  pages.post(
    `${WORKSPACE}/upload`,
    // The token comes first in the form, and is handed to the guard before the file is read.
    { config, preParsing: csrfFieldFirst },
    async (req, reply) => {
      const principal = req.principal!;
      const upload = await readUpload(req);
      const errors = new FormErrors();
      if (!upload) errors.add('file', 'Select a CSV file');
      else if (upload.tooLarge) errors.add('file', `The file must be smaller than ${maxText}`);
      else if (!/\.csv$/i.test(upload.fileName))
        errors.add('file', 'The selected file must be a CSV');
      else if (upload.bytes.length === 0) errors.add('file', 'The selected file is empty');
      if (errors.any || !upload) {
        reply.code(400);
        return uploadPage(reply, errors.view());
      }
      const fileName = safeFileName(upload.fileName);
      let preview: ImportPreview;
      try {
        preview = await withFile(fileName, upload.bytes, (file) =>
          statistics.preview([file], { actor: principal.name }),
        );
      } catch (error) {
        if (!(error instanceof ImportError)) throw error;
        return problemsPage(reply, fileName, error.problems);
      }
      const indicatorIds = preview.indicators.map((i) => i.indicatorId);
      const refused = refusedOf(principal, indicatorIds);
      if (refused.length) {
        reply.code(403);
        return uploadPage(reply, new FormErrors().add('file', refusal(refused)).view());
      }
      const id = await statistics.workspace.stageUpload({
        sessionId: principal.sessionId,
        userId: principal.userId,
        fileName,
        bytes: upload.bytes,
        indicatorIds,
      });
      return reply.redirect(`${WORKSPACE}/uploads/${id}`, 303);
    },
  );

  /** An upload of this session's, waiting to be published. */
  const stagedOr404 = async (id: string, principal: Principal) => {
    const upload = await statistics.workspace.stagedUpload(id, principal.sessionId);
    if (!upload) throw new NotFoundError('Upload');
    return upload;
  };

  /** What the upload would change, with the form to publish it (`values`: answers, errors). */
  const previewPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    upload: StagedUpload,
    values: Record<string, unknown> = {},
  ) => {
    let preview: ImportPreview;
    try {
      preview = await withFile(upload.fileName, upload.bytes, (file) =>
        statistics.preview([file], { actor: req.principal!.name }),
      );
    } catch (error) {
      // Checked when uploaded; the areas it names may have changed since.
      if (!(error instanceof ImportError)) throw error;
      await statistics.workspace.discardUpload(upload.id);
      return problemsPage(reply, upload.fileName, error.problems);
    }
    const title = await indicatorTitles(services);
    return view(reply, 'manage-preview', {
      title: 'Check what the release changes',
      activeWorkspace: WORKSPACE,
      backLink: `${WORKSPACE}/upload`,
      action: `${WORKSPACE}/uploads/${upload.id}`,
      fileName: upload.fileName,
      indicators: preview.indicators.map((i) => previewView(i, title(i.indicatorId))),
      nothingNew: preview.indicators.every((i) => i.outcome === 'unchanged'),
      warnings: problemRows(preview.warnings),
      ...values,
    });
  };

  pages.get(
    `${WORKSPACE}/uploads/:upload`,
    { config, schema: { params: uploadParams } },
    async (req, reply) =>
      previewPage(req, reply, await stagedOr404(req.params.upload, req.principal!), {
        answers: {},
      }),
  );

  // Publish: the answers, then "check your answers", then the import itself.
  pages.post(
    `${WORKSPACE}/uploads/:upload`,
    { config, schema: { params: uploadParams } },
    async (req, reply) => {
      const principal = req.principal!;
      const upload = await stagedOr404(req.params.upload, principal);
      const answers = publishAnswers(req.body);
      const errors = new FormErrors();
      let releasedAt: Date | undefined;
      if (answers.when === 'embargo') {
        const time = releaseTimeFrom(
          {
            day: answers['releaseDate-day'],
            month: answers['releaseDate-month'],
            year: answers['releaseDate-year'],
            hour: answers['releaseTime-hour'],
            minute: answers['releaseTime-minute'],
          },
          clock.now(),
        );
        if ('at' in time) releasedAt = time.at;
        else errors.add(time.field, time.message);
      } else if (answers.when !== 'now') errors.add('when', 'Select when to publish the release');
      if (!answers.reason) errors.add('reason', 'Enter the reason for publishing this release');
      const change = field(req.body, 'confirm') === 'change';
      if (change || errors.any) {
        if (!change) reply.code(400);
        return previewPage(req, reply, upload, { answers, ...(change ? {} : errors.view()) });
      }
      if (!confirmed(req.body))
        return view(reply, 'check-answers', {
          heading: 'Check the release before publishing it',
          activeWorkspace: WORKSPACE,
          action: `${WORKSPACE}/uploads/${upload.id}`,
          rows: [
            { key: { text: 'File' }, value: { text: upload.fileName } },
            { key: { text: 'Indicators' }, value: { text: upload.indicatorIds.join(', ') } },
            {
              key: { text: 'Published' },
              value: {
                text: releasedAt
                  ? `Embargoed until ${releaseTimeText(releasedAt)} (UK time)`
                  : 'Now, as soon as you confirm',
              },
            },
            { key: { text: 'Reason' }, value: { text: answers.reason } },
          ],
          hidden: answers,
          saveText: releasedAt ? 'Publish under embargo' : 'Publish now',
        });
      // Roles may have changed since the upload.
      const refused = refusedOf(principal, upload.indicatorIds);
      if (refused.length) throw new RefusedError(403, refusal(refused));
      let report: ImportReport;
      try {
        report = await withFile(upload.fileName, upload.bytes, (file) =>
          statistics.import([file], { actor: principal.name, reason: answers.reason, releasedAt }),
        );
      } catch (error) {
        if (!(error instanceof ImportError)) throw error;
        await statistics.workspace.discardUpload(upload.id);
        return problemsPage(reply, upload.fileName, error.problems);
      }
      const imported = report.files.filter((f) => f.outcome === 'imported');
      for (const file of imported)
        await statistics.workspace.recordPublished(file.releaseId!, {
          actor: principal.name,
          reason: answers.reason,
        });
      await statistics.workspace.discardUpload(upload.id);
      const title = await indicatorTitles(services);
      return view(reply, 'manage-published', {
        title: imported.length
          ? releasedAt
            ? 'Release embargoed'
            : 'Release published'
          : 'Nothing new to publish',
        activeWorkspace: WORKSPACE,
        until: releasedAt && releaseTimeText(releasedAt),
        releases: report.files.map((f) => ({
          id: f.releaseId,
          indicatorId: f.indicatorId,
          title: title(f.indicatorId),
          unchanged: f.outcome === 'unchanged',
          rows: f.rows,
        })),
      });
    },
  );
}
