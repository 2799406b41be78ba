import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { Services } from '../../app.ts';
import { londonDate } from '../../../domain/dates.ts';
import { describeProblem, type ImportProblem } from '../../../caseHistory/problems.ts';
import { DEFAULT_MAX_FILE_BYTES } from '../../../caseHistory/parseCsv.ts';
import { FORMAT_FILE, V2_FILES } from '../../../caseHistory/format.ts';
import type { ImportSummary } from '../../../caseHistory/importCaseHistory.ts';
import { forgetUpload, heldUpload, holdUpload, importHeldUpload, type UploadedFile } from '../../../caseHistory/uploadedImport.ts';
import { actorOf, takeFlash } from '../../pipeline/context.ts';
import { requirePermission } from '../../pipeline/authentication.ts';
import { notFound } from '../../pipeline/httpProblems.ts';
import { fieldErrors, noErrors, type FormErrors } from '../../forms.ts';
import { t } from '../../i18n.ts';
import { heldParams } from './schema.ts';

/** At most this many problems are listed, as on the command line; the rest are counted. */
const SHOWN = 200;
const MAX_FILES = 1 + V2_FILES.length;

/** The multipart form's fields and files (read whole by onFile). */
function readUpload(body: unknown): { fields: Record<string, string>; files: UploadedFile[] } {
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  for (const [name, entry] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    for (const part of [entry].flat() as { type?: string; value?: unknown; filename?: string; _buf?: Buffer | null; file?: { truncated?: boolean } }[]) {
      if (!part) continue;
      if (part.type === 'file') {
        if (name === 'files' && (part.filename || (part._buf?.length ?? 0) > 0)) {
          files.push({ filename: part.filename ?? '', content: part._buf ?? Buffer.alloc(0), truncated: Boolean(part.file?.truncated) });
        }
      } else if (typeof part.value === 'string') fields[name] = part.value;
    }
  }
  return { fields, files };
}

/**
 * Case-history import by upload (/admin/import): choose the files (contacts.csv and the others
 * of a v1 or v2 folder) → every problem by file, row and column, as the command line gives
 * them, and nothing changed; or a preview of what will be imported → "Import" (all or nothing,
 * audited) or "Cancel". The files are held server-side between the two (src/caseHistory/uploadedImport.ts).
 */
export const adminImportRoutes = (services: Services) => async (app: FastifyInstance) => {
  const db = services.db;
  const guard = { preHandler: requirePermission('administer') };
  const today = () => londonDate(services.clock.now());

  await app.register(multipart, {
    attachFieldsToBody: true,
    throwFileSizeLimit: false,
    // One byte over the limit tells "too big" from "exactly the limit".
    limits: { fileSize: DEFAULT_MAX_FILE_BYTES + 1, files: MAX_FILES, fields: 4, fieldSize: 1000, parts: MAX_FILES + 4 },
    async onFile(part: MultipartFile) {
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
      (part as MultipartFile & { _buf: Buffer | null })._buf = Buffer.concat(chunks);
    },
  });


  const showUpload = (request: FastifyRequest, reply: FastifyReply, o: { form?: FormErrors; problems?: ImportProblem[]; createOrg?: boolean; status?: number } = {}) => {
    const problems = o.problems ?? [];
    const form = o.form ?? (problems.length
      ? { errors: { files: t('adminImport.errors.problems', { count: problems.length }) },
          errorList: problems.slice(0, SHOWN).map((p, i) => ({ text: describeProblem(p), href: `#problem-${i + 1}` })) }
      : noErrors());
    return reply.code(o.status ?? 200).view('staff/admin-import/upload.njk', {
      title: t('adminImport.title'), nav: 'admin', flash: takeFlash(request), ...form,
      createOrg: o.createOrg ?? false,
      files: [FORMAT_FILE, ...V2_FILES].join(', '),
      problems: problems.slice(0, SHOWN).map((p, i) => ({
        id: `problem-${i + 1}`, file: p.file, row: p.row === null ? '' : String(p.row), column: p.column ?? '', value: p.value ?? '', expected: p.expected,
      })),
      moreProblems: Math.max(0, problems.length - SHOWN),
      problemCount: problems.length,
    });
  };

  app.get('/admin/import', guard, async (request, reply) => showUpload(request, reply));

  app.post('/admin/import', guard, async (request, reply) => {
    const { fields, files } = readUpload(request.body);
    const createOrg = fields.createOrg === 'yes';
    if (files.length === 0) {
      return showUpload(request, reply, { form: fieldErrors([{ field: 'files', message: t('adminImport.errors.noFile') }]), createOrg, status: 400 });
    }
    const staff = request.staff!;
    const held = await holdUpload(db, staff.council.id, staff.account.id, files, { createOrg, today: today(), actor: actorOf(request) }, services.clock.now());
    if (!held.ok) return showUpload(request, reply, { problems: held.problems, createOrg, status: 422 });
    return reply.redirect(`/admin/import/${held.id}`, 303);
  });

  const heldId = (request: FastifyRequest) => {
    const parsed = heldParams.safeParse(request.params);
    if (!parsed.success) throw notFound('import');
    return parsed.data.id;
  };

  const counts = (s: ImportSummary) => [
    ['contacts', s.contacts], ['contactsCreated', s.contactsCreated], ['contactsUpdated', s.contactsUpdated], ['complaints', s.complaints],
    ['stages', s.stages], ['ombudsmanCases', s.ombudsmanCases], ['organisationUnitsCreated', s.organisationUnitsCreated],
  ].map(([key, n]) => ({ key: { text: t(`adminImport.counts.${key}`) }, value: { text: String(n) } }));

  app.get('/admin/import/:id', guard, async (request, reply) => {
    const staff = request.staff!;
    const held = await heldUpload(db.pool, staff.council.id, staff.account.id, heldId(request));
    if (!held) throw notFound('import');
    return reply.view('staff/admin-import/preview.njk', {
      title: t('adminImport.preview.title'), nav: 'admin', id: held.id, rows: counts(held.summary),
      fileNames: held.fileNames.join(', '), createOrg: held.createOrg,
    });
  });

  app.post('/admin/import/:id', guard, async (request, reply) => {
    const staff = request.staff!;
    const result = await importHeldUpload(db, staff.council.id, staff.account.id, heldId(request), { today: today(), actor: actorOf(request) });
    if (!result) throw notFound('import');
    if (!result.ok) return showUpload(request, reply, { problems: result.problems, status: 422 });
    request.session.flash = t('adminImport.imported', { count: result.summary.contacts, created: result.summary.contactsCreated, updated: result.summary.contactsUpdated });
    return reply.redirect('/admin/import', 303);
  });

  app.post('/admin/import/:id/cancel', guard, async (request, reply) => {
    const staff = request.staff!;
    await forgetUpload(db.pool, staff.council.id, staff.account.id, heldId(request));
    request.session.flash = t('adminImport.cancelled');
    return reply.redirect('/admin/import', 303);
  });
};
