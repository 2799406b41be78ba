import type { FastifyInstance } from 'fastify';
import multipart, { type MultipartFile } from '@fastify/multipart';
import { MAX_DOCUMENT_BYTES } from '../casework/documents.ts';

/**
 * Accepts one uploaded file (at most 20 MB) with a form's few fields, in the plugin that
 * registers it only. The file is read whole, noting whether it was cut at the limit, so the
 * form can say "too big" rather than fail; its type is judged by content (src/casework/documents.ts).
 */
export async function acceptOneUpload(app: FastifyInstance, form: { fields: number; fieldSize: number }): Promise<void> {
  await app.register(multipart, {
    attachFieldsToBody: true,
    throwFileSizeLimit: false,
    limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: form.fields, fieldSize: form.fieldSize, parts: form.fields + 2 },
    async onFile(part: MultipartFile) {
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
      (part as MultipartFile & { _buf: Buffer | null })._buf = Buffer.concat(chunks);
    },
  });
}
