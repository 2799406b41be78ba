import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.ts';
import { acceptOneUpload } from '../../uploads.ts';
import { heldUploads, holdPublicUpload, PUBLIC_UPLOAD_LIMITS, removeHeldUpload, type HoldRefusal } from '../../../uploads/publicUploads.ts';
import type { VirusScanner } from '../../../uploads/virusScan.ts';
import type { PublicContactKind } from '../../../public/publicContactAnswers.ts';
import type { Journey, PageKey } from './journey.ts';
import { honeypotFilled, removeForm, type PublicContactDraft } from './schema.ts';
import { errorsIn, QUESTION_LIMIT, type Ctx, type Values } from './routes.ts';

export interface AttachmentDeps {
  services: Services;
  scanner: VirusScanner;
  journey: Journey;
  ctxOf: (request: FastifyRequest, kind: PublicContactKind) => Promise<Ctx>;
  save: (c: Ctx, draft: PublicContactDraft | undefined) => void;
  render: (reply: FastifyReply, key: PageKey, c: Ctx, form: ReturnType<typeof errorsIn>, values: Values, fromCheck: boolean, status?: number, extra?: Record<string, unknown>) => Promise<FastifyReply>;
  onwards: (c: Ctx, key: PageKey, draft: PublicContactDraft, fromCheck: boolean) => string;
  pretendSent: (c: Ctx, reply: FastifyReply) => FastifyReply;
  withFrom: (path: string, fromCheck: boolean) => string;
  fromCheckOf: (request: FastifyRequest) => boolean;
}

/** A multipart form's text fields and its one file (read whole by acceptOneUpload's onFile). */
function readMultipart(body: unknown): { fields: Record<string, string>; file: { filename: string; content: Buffer; truncated: boolean } | null } {
  const fields: Record<string, string> = {};
  let file: { filename: string; content: Buffer; truncated: boolean } | null = null;
  for (const [name, entry] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    const part = (Array.isArray(entry) ? entry[0] : entry) as { type?: string; value?: unknown; filename?: string; _buf?: Buffer | null; file?: { truncated?: boolean } } | undefined;
    if (!part) continue;
    if (part.type === 'file') {
      if (name === 'file' && (part.filename || (part._buf?.length ?? 0) > 0)) file = { filename: part.filename ?? '', content: part._buf ?? Buffer.alloc(0), truncated: Boolean(part.file?.truncated) };
    } else if (typeof part.value === 'string') fields[name] = part.value;
    else if (typeof entry === 'string') fields[name] = entry;
  }
  return { fields, file };
}

const megabytes = (bytes: number) => Math.round(bytes / (1024 * 1024));

/**
 * The complaint's attachments page, offered only when a virus scanner is configured: choose a
 * file and upload it (checked for size and type, scanned by ClamAV, held against the form
 * until the resident confirms), see the files held, remove one, continue. Multipart only here.
 */
export const attachmentRoutes = (deps: AttachmentDeps) => async (app: FastifyInstance) => {
  const { services, scanner, journey } = deps;
  const db = services.db.pool;
  /** The route's pattern (/public/:council/complaint/attachments); a reply's address is the council's own (c.journey). */
  const path = journey.path('attachments');
  // A file above the public limit is still read (to say "too big"), never kept.
  await acceptOneUpload(app, { fields: 4, fieldSize: 1000 });

  const uploadKeyOf = (c: Ctx): { draft: PublicContactDraft; key: string } => {
    const key = c.draft.uploadKey ?? randomBytes(16).toString('hex');
    return { draft: { ...c.draft, uploadKey: key }, key };
  };

  const show = async (reply: FastifyReply, c: Ctx, issues: { field: string; message: string; values?: Record<string, unknown> }[], fromCheck: boolean, status = 200) => {
    const files = c.draft.uploadKey ? await heldUploads(db, c.council.id, c.draft.uploadKey) : [];
    const form = errorsIn(c.t, []);
    for (const i of issues) {
      const text = c.t(i.message, i.values ?? {});
      form.errors[i.field] ??= { text, visuallyHiddenText: c.t('publicContact.errorPrefix') };
      form.errorList.push({ text, href: `#${i.field}` });
    }
    return deps.render(reply, 'attachments', c, form, {}, fromCheck, status, {
      files: files.map((f) => ({ ...f, size: f.sizeBytes < 1024 * 1024 ? `${Math.max(1, Math.round(f.sizeBytes / 1024))} KB` : `${(f.sizeBytes / (1024 * 1024)).toFixed(1)} MB` })),
      maxFiles: PUBLIC_UPLOAD_LIMITS.maxFiles, maxMegabytes: megabytes(PUBLIC_UPLOAD_LIMITS.maxBytes), full: files.length >= PUBLIC_UPLOAD_LIMITS.maxFiles,
      removeAction: deps.withFrom(`${c.journey.path('attachments')}/remove`, fromCheck),
    });
  };

  app.get(path, async (request, reply) => {
    const fromCheck = deps.fromCheckOf(request);
    const c = await deps.ctxOf(request, journey.kind);
    const ahead = c.journey.ahead('attachments', c.draft);
    if (ahead) return reply.redirect(c.journey.path(ahead), 303);
    return show(reply, c, [], fromCheck);
  });

  app.post(path, { config: { rateLimit: QUESTION_LIMIT } }, async (request, reply) => {
    const fromCheck = deps.fromCheckOf(request);
    const c = await deps.ctxOf(request, journey.kind);
    if (honeypotFilled(request.body)) return deps.pretendSent(c, reply);
    const ahead = c.journey.ahead('attachments', c.draft);
    if (ahead) return reply.redirect(c.journey.path(ahead), 303);
    const { fields, file } = readMultipart(request.body);
    const continuing = fields.action !== 'upload';
    if (file) {
      const { draft, key } = uploadKeyOf(c);
      deps.save(c, draft);
      c.draft = draft;
      const held = file.truncated
        ? { ok: false as const, reason: 'too_big' as HoldRefusal }
        : await holdPublicUpload(db, scanner, { councilId: c.council.id, sessionId: key, filename: file.filename, content: file.content }, services.clock.now());
      if (!held.ok) {
        return show(reply, c, [{ field: 'file', message: `publicContact.attachments.errors.${held.reason}`, values: {
          filename: file.filename, max: PUBLIC_UPLOAD_LIMITS.maxFiles, megabytes: megabytes(PUBLIC_UPLOAD_LIMITS.maxBytes),
        } }], fromCheck, 400);
      }
      if (!continuing) return reply.redirect(deps.withFrom(c.journey.path('attachments'), fromCheck), 303);
    } else if (!continuing) {
      return show(reply, c, [{ field: 'file', message: 'publicContact.attachments.errors.noFile' }], fromCheck, 400);
    }
    const draft = { ...c.draft, attachmentsDone: true };
    deps.save(c, draft);
    return reply.redirect(deps.onwards(c, 'attachments', draft, fromCheck), 303);
  });

  app.post(`${path}/remove`, { config: { rateLimit: QUESTION_LIMIT } }, async (request, reply) => {
    const fromCheck = deps.fromCheckOf(request);
    const c = await deps.ctxOf(request, journey.kind);
    if (honeypotFilled(request.body)) return deps.pretendSent(c, reply);
    const form = removeForm.safeParse(request.body);
    if (form.success && c.draft.uploadKey) await removeHeldUpload(db, c.council.id, c.draft.uploadKey, form.data.upload);
    return reply.redirect(deps.withFrom(c.journey.path('attachments'), fromCheck), 303);
  });
};
