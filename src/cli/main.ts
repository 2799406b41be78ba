import { parseArgs } from 'node:util';
import { ConfigError, readConfig as readSettings, systemClock, type Config } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { createCouncil, findCouncil, listCouncils, type Council } from '../councils/councilRepository.ts';
import { importCaseHistory, readCaseHistoryFolder } from '../caseHistory/importCaseHistory.ts';
import { exportCaseHistory } from '../caseHistory/exportCaseHistory.ts';
import { reportFailure, UsageError } from './errors.ts';
import { londonDate } from '../domain/dates.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import { buildAnnualReport } from '../reports/annualReport.ts';
import { isReportFormat, REPORT_FORMATS, reportFileName } from '../reports/reportFormats.ts';
import { reportOptionsFor, ReportSettingsError } from '../reports/reportSettings.ts';
import { NoDataForYearError, refuseYearWithoutData } from '../reports/reportYear.ts';
import { loadBankHolidays } from '../councils/calendarChange.ts';
import { systemActor } from '../events/actor.ts';
import { calendarCoverage, describeCoverage } from '../councils/calendarStore.ts';
import type { Nation } from '../domain/calendar/bankHolidays.ts';
import { seedDemoCouncil } from '../demo/seedDemo.ts';
import { seedDemoAccounts } from '../demo/demoAccounts.ts';
import { applyCouncilSettings, councilSettings, CouncilSettingsError, readSettingsFile, type CouncilSettingsChange } from '../councils/councilSettings.ts';
import { loadLayout, LayoutError, PRESETS } from '../reports/layout.ts';
import { SELF_ASSESSMENT_USAGE, selfAssessmentReportCommand } from '../selfAssessment/cli.ts';
import { retentionCommand } from '../retention/retentionCommand.ts';
import { PublishedFiguresError } from '../ombudsman/publishedFigures.ts';
import { loadOmbudsmanFigures } from '../ombudsman/figuresLoader.ts';
import { backupCommand, restoreCommand } from '../backup/backupCommands.ts';

const USAGE = `Usage: redress <command>

  start                          serve Redress on http://localhost:3000 (the embedded database's first start adds the demo council)
                                 and deliver messages and reminders in the same process (WORKER=off leaves them to a worker)
  worker                         deliver messages and send reminders, without the web pages; beside \`start\` on a
                                 PostgreSQL server only (the embedded database admits one process); SIGTERM stops it
  import <folder>                import a case history (contacts.csv, stages.csv, ombudsman.csv; version 2 adds more)
      --council <slug>           which council (needed when there is more than one)
      --create-org               create organisation units, workspaces and categories not yet known
      --max-file-mb <n>          refuse files larger than this (default 16)
  export <folder>                write a council's case history in the same format
      --council <slug>  --format-version <1|2>   (default 2: everything Redress holds)
  council add <slug> --name <name> --nation <england|wales|scotland|northern_ireland>
  council show [--council <slug>]  the procedures in force, the report settings, the public pages
  council set [--council <slug>]   change them, remembered for every report:
      --settings <file>          a JSON or YAML file: { procedures: {…}, report: {…}, public: {…} }
      --procedure <kind>=<key>   e.g. corporate=cheshire-west-corporate (repeatable)
      --layout <preset|file>     the report layout (presets: ${PRESETS.join(', ')})
      --level <l>  --years <n>  --top <n>  --suppress <n>
  report --year <2023/24>        write the annual report
      --format <f>               json (default), html, pdf, docx, xlsx or csv
      --out <file>               where to write it (default: redress-<council>-<year>.<format>; json, html, csv: - for standard output)
      --council <slug>  --level <directorate|service|team|workspace>  --suppress <n>  --years <n>
      --layout <preset|file>     this report only; \`council set --layout\` remembers one
${SELF_ASSESSMENT_USAGE}
  ombudsman figures <file>       load the Ombudsman's published figures for the council (CSV: body, year,
      --council <slug>           measure, value), printed in the report beside the council's own; with
                                 authority columns every authority's figures (benchmarking), with a
                                 reference column its list of decisions (docs/formats/ombudsman-figures.md)
  councils                       list the councils
  calendar [show]                the bank-holiday lists in force and open deadlines past their last year
  calendar load <file>           load a newer GOV.UK bank-holidays.json; open deadlines are recomputed
  migrate                        bring the database schema up to date
  retention run [--dry-run]      anonymise the cases past their retention period (a daily pass does it too)
      --council <slug>           --dry-run says what is due and changes nothing
  demo                           add the demo council, with three years of case history, to the database in use
  backup <file>                  write a backup of the whole database (every council: cases, documents, audit trail,
                                 accounts, settings) to a new file; see README "Backup and restore"
  restore <file>                 restore a backup into an empty database (a new DATA_DIR or a new PostgreSQL database)

The database is the embedded one in DATA_DIR (default ./data) unless DATABASE_URL names a
PostgreSQL server.`;

/** The settings, or the one setting that is wrong, said as a mistake to correct (exit status 2). */
function readConfig(): Config {
  try {
    return readSettings();
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const config = readConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(db);
    return await work(db);
  } finally {
    await db.close();
  }
}

async function chooseCouncil(db: Database, slug: string | undefined): Promise<Council> {
  if (slug) {
    const council = await findCouncil(db.pool, slug);
    if (!council) throw new UsageError(`There is no council "${slug}". Add it first: redress council add ${slug} --name "…" --nation england`);
    return council;
  }
  const councils = await listCouncils(db.pool);
  if (councils.length === 1) return councils[0]!;
  if (councils.length === 0) throw new UsageError('There are no councils yet. Add one first: redress council add <slug> --name "…" --nation england');
  throw new UsageError(`Say which council with --council: ${councils.map((c) => c.slug).join(', ')}`);
}

const parseCommandLine = (argv: string[]) =>
  parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      council: { type: 'string' },
      'create-org': { type: 'boolean', default: false },
      'max-file-mb': { type: 'string' },
      'format-version': { type: 'string' },
      name: { type: 'string' },
      nation: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      year: { type: 'string' },
      format: { type: 'string', default: 'json' },
      out: { type: 'string' },
      level: { type: 'string' },
      suppress: { type: 'string' },
      years: { type: 'string' },
      layout: { type: 'string' },
      settings: { type: 'string' },
      procedure: { type: 'string', multiple: true },
      top: { type: 'string' },
      code: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
    },
  });

export async function main(argv: string[]): Promise<number> {
  // `return await` throughout: a returned promise's rejection would skip this catch.
  try {
    const { values, positionals } = parseCommandLine(argv);
    const [command, ...rest] = positionals;
    const today = londonDate(systemClock.now());
    if (values.help || !command) {
      console.log(USAGE);
      return command || values.help ? 0 : 2;
    }
    switch (command) {
      case 'start':
        // The web app and the worker load only for these two: the other commands start faster.
        await (await import('./start.ts')).startWebServer(readConfig());
        return 0;
      case 'worker':
        await (await import('./start.ts')).startWorker(readConfig());
        return 0;
      case 'migrate':
        return await withDatabase(async (db) => {
          console.log(`Schema up to date on the ${db.engine} database (${db.location}).`);
          return 0;
        });
      case 'councils':
        return await withDatabase(async (db) => {
          for (const c of await listCouncils(db.pool)) console.log(`${c.slug}\t${c.name}\t${c.nation}`);
          return 0;
        });
      case 'ombudsman': {
        const [sub, file] = rest;
        if (sub !== 'figures' || !file) throw new UsageError('Usage: redress ombudsman figures <file.csv> [--council <slug>]');
        return await withDatabase(async (db) => {
          const council = await chooseCouncil(db, values.council);
          try {
            const loaded = await loadOmbudsmanFigures(db, council.id, file);
            const years = [...new Set(loaded.covers.map((c) => c.year))].join(', ');
            const what = { council: "of the Ombudsman's published figures", benchmark: "of the Ombudsman's figures for other authorities", decisions: "of the Ombudsman's decisions" }[loaded.kind];
            console.log(`Loaded ${loaded.rows} ${what} for ${council.name} (${years}).`);
            return 0;
          } catch (error) {
            if (error instanceof PublishedFiguresError) {
              console.error(error.message);
              return 1;
            }
            throw error;
          }
        });
      }
      case 'council': {
        const [sub, slug] = rest;
        if (sub === 'show' || sub === 'set') return await councilSettingsCommand(sub, values, today);
        if (sub !== 'add' || !slug || !values.name || !values.nation) throw new UsageError('Usage: redress council add <slug> --name <name> --nation <nation>');
        if (!['england', 'wales', 'scotland', 'northern_ireland'].includes(values.nation)) throw new UsageError('--nation must be england, wales, scotland or northern_ireland');
        return await withDatabase(async (db) => {
          if (await findCouncil(db.pool, slug)) throw new UsageError(`There is already a council "${slug}".`);
          const council = await createCouncil(db, { slug, name: values.name!, nation: values.nation as Nation });
          console.log(`Added ${council.name} (${council.slug}).`);
          return 0;
        });
      }
      case 'import': {
        const folder = rest[0];
        if (!folder) throw new UsageError('Usage: redress import <folder> [--council <slug>] [--create-org]');
        const maxMb = values['max-file-mb'] ? Number(values['max-file-mb']) : 16;
        if (!(maxMb > 0)) throw new UsageError('--max-file-mb must be a positive number');
        return await withDatabase(async (db) => {
          const council = await chooseCouncil(db, values.council);
          const maxFileBytes = Math.round(maxMb * 1024 * 1024);
          const started = performance.now();
          const summary = await importCaseHistory(db, council.id, readCaseHistoryFolder(folder, maxFileBytes), {
            createOrg: values['create-org'] ?? false,
            today,
            actor: systemActor('redress import'),
            source: folder,
            maxFileBytes,
            onBatch: (table, written, total) => {
              process.stderr.write(`writing ${table}: ${written} of ${total}\n`);
            },
          });
          const seconds = (performance.now() - started) / 1000;
          console.log(
            `Imported into ${council.name}: ${summary.contacts} contacts (${summary.contactsCreated} new, ${summary.contactsUpdated} changed), ` +
              `${summary.complaints} complaints, ${summary.stages} stages, ${summary.ombudsmanCases} Ombudsman cases` +
              `${summary.organisationUnitsCreated ? `, ${summary.organisationUnitsCreated} organisation units created` : ''} in ${seconds.toFixed(1)} s.`,
          );
          return 0;
        });
      }
      case 'export': {
        const folder = rest[0];
        if (!folder) throw new UsageError('Usage: redress export <folder> [--council <slug>] [--format-version 1|2]');
        const version = values['format-version'] ?? '2';
        if (version !== '1' && version !== '2') throw new UsageError('--format-version must be 1 or 2');
        return await withDatabase(async (db) => {
          const council = await chooseCouncil(db, values.council);
          const counts = await exportCaseHistory(db.pool, council.id, folder, { version: Number(version) as 1 | 2 });
          console.log(`Exported ${council.name} to ${folder}: ${Object.entries(counts).map(([f, n]) => `${f} ${n} rows`).join(', ')}.`);
          return 0;
        });
      }
      case 'calendar': {
        const [sub, file] = rest;
        if (sub === undefined || sub === 'show') {
          // The lists in force, the years they cover, and open deadlines counted past them.
          return await withDatabase(async (db) => {
            for (const c of await calendarCoverage(db.pool)) console.log(describeCoverage(c));
            return 0;
          });
        }
        if (sub !== 'load' || !file) throw new UsageError('Usage: redress calendar [show] | redress calendar load <bank-holidays.json>');
        let json: unknown;
        try {
          json = JSON.parse(readFileSync(file, 'utf8'));
        } catch (error) {
          throw new UsageError(`${file} is not a readable JSON file: ${(error as Error).message}`);
        }
        return await withDatabase(async (db) => {
          let changes;
          try {
            changes = await loadBankHolidays(db, json, file, today, systemActor('redress calendar load'));
          } catch (error) {
            // The file's own problem (parseGovUkBankHolidays says which division and event).
            if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
            console.error(`Nothing was loaded: ${error.message}`);
            return 1;
          }
          if (changes.length === 0) console.log('The bank holidays are unchanged.');
          for (const c of changes) console.log(`${c.division}: calendar ${c.version} loaded; ${c.deadlinesMoved} open deadlines moved.`);
          for (const c of await calendarCoverage(db.pool)) if (c.warning) console.log(describeCoverage(c));
          return 0;
        });
      }
      case 'report': {
        if (rest[0] === 'self-assessment') {
          return await withDatabase(async (db) => selfAssessmentReportCommand(db, await chooseCouncil(db, values.council), values, today));
        }
        if (!values.year) throw new UsageError('Usage: redress report --year 2023/24 [--format json|html|pdf|docx|xlsx|csv] [--out file]');
        const format = values.format ?? 'json';
        if (!isReportFormat(format)) throw new UsageError(`--format must be one of ${Object.keys(REPORT_FORMATS).join(', ')}`);
        const overrides: Record<string, unknown> = {};
        if (values.level) overrides.level = values.level;
        if (values.suppress) overrides.suppressBelow = Number(values.suppress);
        if (values.years) overrides.comparisonYears = Number(values.years);
        if (values.layout) overrides.layout = layoutChoice(values.layout);
        return await withDatabase(async (db) => {
          const council = await chooseCouncil(db, values.council);
          let options;
          try {
            options = await reportOptionsFor(db.pool, council.id, values.year!, overrides);
          } catch (error) {
            if (error instanceof ReportSettingsError) throw new UsageError(error.message);
            throw error;
          }
          try {
            await refuseYearWithoutData(db.pool, council, options.year);
          } catch (error) {
            if (error instanceof NoDataForYearError) throw new UsageError(error.message);
            throw error;
          }
          const report = await buildAnnualReport(db.pool, council.id, options, today);
          const body = await REPORT_FORMATS[format].render(report);
          if (values.out === '-') {
            if (Buffer.isBuffer(body)) throw new UsageError(`A ${format} report is a binary file: give --out a file name`);
            process.stdout.write(body);
            return 0;
          }
          const out = values.out ?? reportFileName(report, format);
          writeFileSync(out, body);
          console.log(`Wrote the ${report.year} annual report of ${council.name} to ${out}.`);
          return 0;
        });
      }
      case 'retention': {
        if (rest[0] !== 'run') throw new UsageError('Usage: redress retention run [--dry-run] [--council <slug>]');
        return await withDatabase(async (db) => {
          const council = await chooseCouncil(db, values.council);
          console.log(await retentionCommand(db, council, { today, now: systemClock.now(), dryRun: values['dry-run'] }));
          return 0;
        });
      }
      case 'backup':
      case 'restore': {
        const file = rest[0];
        if (!file || rest.length > 1) throw new UsageError(`Usage: redress ${command} <file>`);
        return command === 'backup' ? await backupCommand(readConfig(), file) : await restoreCommand(readConfig(), file);
      }
      case 'demo':
        return await withDatabase(async (db) => {
          // Into whichever database is configured: the way to put the demo on a PostgreSQL server,
          // where `redress start` never adds it by itself (src/cli/start.ts).
          const council = await seedDemoCouncil(db, today);
          if (council) await seedDemoAccounts(db, council);
          console.log(council ? `Added the demo council ${council.name} to the ${db.engine} database (${db.location}).` : 'The demo council is already there.');
          return 0;
        });
      default:
        throw new UsageError(`Unknown command "${command}".\n\n${USAGE}`);
    }
  } catch (error) {
    // One plain sentence and a non-zero status, whatever went wrong (errors.ts).
    return reportFailure(error);
  }
}

/** A layout named on the command line: a preset by name, a file by its content (checked now, with the file's own problems). */
function layoutChoice(nameOrPath: string) {
  try {
    const layout = loadLayout(nameOrPath);
    return /\.(json|ya?ml)$/i.test(nameOrPath) ? layout : nameOrPath;
  } catch (error) {
    if (error instanceof LayoutError) throw new UsageError(error.message);
    throw error;
  }
}

type Values = ReturnType<typeof parseCommandLine>['values'];

/** `redress council show` and `redress council set`: what a council has chosen, and changing it. */
async function councilSettingsCommand(sub: 'show' | 'set', values: Values, today: string): Promise<number> {
  const change: CouncilSettingsChange = { procedures: {}, report: {} };
  if (sub === 'set') {
    let fromFile: CouncilSettingsChange = {};
    try {
      if (values.settings) fromFile = readSettingsFile(values.settings);
    } catch (error) {
      if (error instanceof CouncilSettingsError) throw new UsageError(error.message);
      throw error;
    }
    change.procedures = { ...fromFile.procedures };
    change.report = { ...fromFile.report };
    if (fromFile.public) change.public = fromFile.public;
    for (const p of values.procedure ?? []) {
      const [code, key] = p.split('=');
      if (!code || !key) throw new UsageError(`Write --procedure as <kind>=<procedure>, e.g. corporate=cheshire-west-corporate, not "${p}".`);
      (change.procedures as Record<string, string>)[code] = key;
    }
    const number = (name: string, v: string | undefined) => {
      if (v === undefined) return undefined;
      if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number, not "${v}".`);
      return Number(v);
    };
    if (values.layout) change.report.layout = values.layout;
    if (values.level) change.report.level = values.level;
    if (values.years) change.report.comparisonYears = number('years', values.years);
    if (values.top) change.report.topServices = number('top', values.top);
    if (values.suppress) change.report.suppressBelow = number('suppress', values.suppress);
    if (Object.keys(change.procedures).length === 0 && Object.keys(change.report).length === 0 && !change.public) {
      throw new UsageError('Say what to set: --settings <file>, --procedure, --layout, --level, --years, --top or --suppress.');
    }
  }
  return await withDatabase(async (db) => {
    const council = await chooseCouncil(db, values.council);
    if (sub === 'set') {
      try {
        const applied = await applyCouncilSettings(db, council.id, change, today);
        for (const p of applied.procedures) console.log(`${council.name}: ${p.code} complaints now follow ${p.name} (${p.key}) from ${today}; open cases keep theirs.`);
        if (Object.keys(change.report ?? {}).length > 0) console.log(`${council.name}: report settings saved.`);
        if (change.public) console.log(`${council.name}: public pages' languages and services saved.`);
      } catch (error) {
        if (error instanceof CouncilSettingsError) throw new UsageError(error.message);
        throw error;
      }
    }
    const settings = await councilSettings(db.pool, council.id);
    const report = { ...settings.report, ...(typeof settings.report.layout === 'object' ? { layout: `(from a file) ${(settings.report.layout as { name: string }).name}` } : {}) };
    console.log(JSON.stringify({ council: council.slug, procedures: settings.procedures, report, public: settings.public }, null, 2));
    return 0;
  });
}

