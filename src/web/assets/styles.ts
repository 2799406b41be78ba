import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const source = fileURLToPath(new URL('./application.scss', import.meta.url));
const cacheDir = join(root, 'node_modules', '.cache', 'redress');

let compiled: Promise<string> | null = null;

/**
 * The stylesheet: GOV.UK Frontend and MOJ Frontend compiled from Sass with Arial and the
 * council colour as a custom property. Compiled once (about 1.5 s) and kept in
 * node_modules/.cache, keyed by the Sass source and the two libraries' versions.
 */
export function applicationCss(): Promise<string> {
  compiled ??= (async () => {
    const versions = ['govuk-frontend', '@ministryofjustice/frontend'].map((p) => JSON.parse(readFileSync(join(root, 'node_modules', p, 'package.json'), 'utf8')).version).join();
    const key = createHash('sha256').update(readFileSync(source)).update(versions).digest('hex').slice(0, 16);
    const cached = join(cacheDir, `application-${key}.css`);
    if (existsSync(cached)) return readFileSync(cached, 'utf8');
    const sass = await import('sass');
    const { css } = sass.compile(source, {
      loadPaths: [root, join(root, 'node_modules')],
      style: 'compressed',
      quietDeps: true,
      logger: sass.Logger.silent,
    });
    mkdirSync(cacheDir, { recursive: true });
    // Written beside its name then renamed: test files starting together never read half of it.
    const temporary = `${cached}.${process.pid}.tmp`;
    writeFileSync(temporary, css);
    renameSync(temporary, cached);
    return css;
  })();
  return compiled;
}
