import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function installed(command: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${command}`]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes `file` to a fresh folder and has LibreOffice open it and print it to PDF, as a
 * council officer's copy of Word or Excel would open it. Fails (never skips) when LibreOffice
 * or pdftotext is missing: CI installs them (.ci/run).
 */
export async function convertToPdf(name: string, content: Buffer): Promise<{ dir: string; file: string; pdf: string }> {
  assert.ok(await installed('libreoffice'),
    'LibreOffice is not installed: apt-get install -y --no-install-recommends libreoffice-writer libreoffice-calc poppler-utils');
  const dir = mkdtempSync(join(tmpdir(), 'redress-lo-'));
  const file = join(dir, name);
  writeFileSync(file, content);
  // A profile of its own, so that parallel test files don't share (and lock) one.
  const profile = `file://${mkdtempSync(join(tmpdir(), 'lo-profile-'))}`;
  await run('libreoffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file], { timeout: 180_000 });
  const pdf = join(dir, basename(name).replace(/\.[^.]+$/, '.pdf'));
  assert.ok(existsSync(pdf), `LibreOffice made no PDF of ${name}`);
  return { dir, file, pdf };
}

/** The PDF's text, laid out as printed (pdftotext, from poppler-utils). */
export async function pdfText(pdf: string): Promise<string> {
  assert.ok(await installed('pdftotext'), 'pdftotext is not installed: apt-get install -y --no-install-recommends poppler-utils');
  const { stdout } = await run('pdftotext', ['-layout', pdf, '-'], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}
