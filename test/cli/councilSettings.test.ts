/**
 * A council's settings through the command line, as an administrator sets them: the
 * procedure each kind of complaint follows, the report layout (a preset or the council's
 * own file) and report settings, remembered for every report after; a bad file or value is
 * one plain sentence and nothing is changed; the public pages' languages and the services
 * residents choose from, named in Welsh.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { engineName, newTestCouncil, prepareDataDirectory, useTestDatabase } from '../support/testDatabase.ts';
import { applyCouncilSettings, councilSettings, CouncilSettingsError, readSettingsFile } from '../../src/councils/councilSettings.ts';

const root = new URL('../../', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'redress-settings-'));
after(() => rmSync(work, { recursive: true, force: true }));
const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: join(work, 'data') };
const redress = (args: string[]) => {
  const r = spawnSync(process.execPath, ['bin/redress.js', ...args], { cwd: root, env, encoding: 'utf8', timeout: 240_000 }); // generous: a first command on a new data directory runs initdb, slow on a busy machine
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

const slug = `set-${randomUUID().slice(0, 8)}`;
// The data directory as after a first command (initdb and the migrations are other tests' subject).
if (!process.env.DATABASE_URL) await prepareDataDirectory(env.DATA_DIR!, 'migrated');
assert.equal(redress(['council', 'add', slug, '--name', 'Settings Council', '--nation', 'england']).status, 0);
const fixture = new URL('../fixtures/staffordshire/', import.meta.url).pathname;
assert.equal(redress(['import', fixture, '--council', slug, '--create-org']).status, 0);

// The public pages' settings, through the settings file and the service `council set` calls.
const db = await useTestDatabase();
const welsh = await newTestCouncil(db, { nation: 'wales' });
for (const name of ['Bins and recycling', 'Council Tax', 'Planning']) {
  await db.pool.query('INSERT INTO workspace (council_id, name) VALUES ($1, $2)', [welsh.id, name]);
}
const settingsFile = (name: string, yaml: string) => {
  const file = join(work, name);
  writeFileSync(file, yaml);
  return file;
};

test(`council set adopts a procedure and remembers a layout; the report uses and echoes them (${engineName()})`, () => {
  const set = redress(['council', 'set', '--council', slug, '--procedure', 'corporate=cheshire-west-corporate', '--layout', 'staffordshire', '--top', '5']);
  assert.equal(set.status, 0, set.stderr);
  assert.match(set.stdout, /corporate complaints now follow .*\(cheshire-west-corporate\)/);
  const shown = JSON.parse(redress(['council', 'show', '--council', slug]).stdout) as { procedures: Record<string, string>; report: Record<string, unknown> };
  assert.equal(shown.procedures.corporate, 'cheshire-west-corporate');
  assert.deepEqual(shown.report, { layout: 'staffordshire', topServices: 5 });

  const out = join(work, 'report.json');
  const report = redress(['report', '--council', slug, '--year', '2023/24', '--out', out]);
  assert.equal(report.status, 0, report.stderr);
  const json = JSON.parse(readFileSync(out, 'utf8')) as { options: { layout: string; comparisonYears: number; topServices: number }; sections: { key: string }[] };
  assert.equal(json.options.layout, 'staffordshire');
  assert.equal(json.options.comparisonYears, 2, "the layout's own setting");
  assert.equal(json.options.topServices, 5);
  assert.deepEqual(json.sections.map((s) => s.key), ['feedback', 'formal', 'stage_1', 'stage_2', 'lgsco', 'compliments']);
});

test('a layout file of the council’s own, in YAML, is read, checked and stored whole', () => {
  const file = join(work, 'ours.yaml');
  writeFileSync(file, `format: redress-report-layout/1
name: Our own report
sections:
  - include: corporate
  - key: mp
    title: MP enquiries
    tables:
      - key: mp.by_year
        title: MP enquiries by year
        definition: Every MP enquiry, by the year received.
        population: contact
        filter: { kinds: [mp_enquiry] }
        rows: { kind: total, label: MP enquiries }
        columns: { kind: year }
        measures: [{ key: count, label: Number, aggregate: count }]
`);
  const out = join(work, 'ours.json');
  const once = redress(['report', '--council', slug, '--year', '2023/24', '--layout', file, '--out', out]);
  assert.equal(once.status, 0, once.stderr);
  const json = JSON.parse(readFileSync(out, 'utf8')) as { sections: { key: string; tables: { key: string; rows: { cells: number[] }[] }[] }[] };
  const mp = json.sections.find((s) => s.key === 'mp')!.tables[0]!;
  assert.equal(mp.rows[0]!.cells.at(-1), 289, 'the fixture’s MP enquiries of 2023/24');

  assert.equal(redress(['council', 'set', '--council', slug, '--layout', file]).status, 0);
  rmSync(file);
  const again = redress(['report', '--council', slug, '--year', '2023/24', '--out', out]);
  assert.equal(again.status, 0, 'the stored layout does not need the file');
  assert.ok((JSON.parse(readFileSync(out, 'utf8')) as { sections: { key: string }[] }).sections.some((s) => s.key === 'mp'));
});

test('a bad layout or setting is refused in one sentence, naming the place, and nothing changes', () => {
  const before = redress(['council', 'show', '--council', slug]).stdout;
  const bad = join(work, 'bad.json');
  writeFileSync(bad, JSON.stringify({ format: 'redress-report-layout/1', name: 'Bad', sections: [{ key: 's', title: 'S', tables: [{
    key: 's.t', title: 'T', definition: 'D', population: 'ombudsman', rows: { kind: 'band' }, columns: { kind: 'year' }, measures: [{ key: 'n', label: 'N', aggregate: 'count' }],
  }] }] }));
  const refused = redress(['council', 'set', '--council', slug, '--layout', bad]);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /^The report layout bad\.json cannot be used: sections\.0\.tables\.0: s\.t: rows cannot be grouped by band for ombudsman\n$/);
  assert.doesNotMatch(refused.stderr, /at .*\.ts:\d+/, 'no stack trace');

  const notJson = join(work, 'broken.json');
  writeFileSync(notJson, '{ "format": ');
  assert.match(redress(['report', '--council', slug, '--year', '2023/24', '--layout', notJson]).stderr, /^The report layout broken\.json cannot be used: it is not valid JSON/);
  assert.match(redress(['report', '--council', slug, '--year', '2023/24', '--layout', 'nowhere']).stderr, /there is no preset of that name \(the presets are standard, calderdale/);
  assert.match(redress(['council', 'set', '--council', slug, '--procedure', 'corporate=made-up']).stderr, /^There is no procedure "made-up" for corporate: choose one of /);
  assert.match(redress(['council', 'set', '--council', slug, '--level', 'street']).stderr, /^The report settings cannot be used: level: /);
  assert.equal(redress(['council', 'show', '--council', slug]).stdout, before, 'nothing was changed');
});

test(`a council names its services in Welsh, chooses which it offers and opens its pages in Welsh (${engineName()})`, async () => {
  assert.deepEqual((await councilSettings(db.pool, welsh.id)).public.languages, ['en', 'cy'], 'a Welsh council starts with both');
  const change = readSettingsFile(settingsFile('council.yaml', `public:
  languages: [cy, en]
  workspaces:
    - { name: Bins and recycling, welsh: Biniau ac ailgylchu }
    - { name: council tax, welsh: Treth y Cyngor, offered: true }
    - { name: Planning, offered: false }
`));
  const applied = await applyCouncilSettings(db, welsh.id, change, '2025-06-02');
  assert.deepEqual(applied.public, {
    languages: ['cy', 'en'],
    workspaces: [
      { name: 'Bins and recycling', welsh: 'Biniau ac ailgylchu', offered: true },
      { name: 'Council Tax', welsh: 'Treth y Cyngor', offered: true },
      { name: 'Planning', welsh: null, offered: false },
    ],
  });
  // What an entry leaves out stays as it was; null removes a Welsh name.
  await applyCouncilSettings(db, welsh.id, { public: { workspaces: [{ name: 'Bins and recycling', offered: false }, { name: 'Council Tax', welsh: null }] } }, '2025-06-02');
  const shown = (await councilSettings(db.pool, welsh.id)).public;
  assert.deepEqual(shown.languages, ['cy', 'en']);
  assert.deepEqual(shown.workspaces[0], { name: 'Bins and recycling', welsh: 'Biniau ac ailgylchu', offered: false });
  assert.deepEqual(shown.workspaces[1], { name: 'Council Tax', welsh: null, offered: true });
  const { rows } = await db.pool.query<{ public_languages: string[] }>('SELECT public_languages FROM council WHERE id = $1', [welsh.id]);
  assert.deepEqual(rows[0]!.public_languages, ['cy', 'en'], 'stored where the public pages read it');
});

test('a language other than English or Welsh, an empty Welsh name or a workspace the council does not have is refused in one sentence, and nothing changes', async () => {
  const before = await councilSettings(db.pool, welsh.id);
  const refused = (yaml: string) => {
    try {
      readSettingsFile(settingsFile('bad.yaml', yaml));
    } catch (error) {
      assert.ok(error instanceof CouncilSettingsError);
      return error.message;
    }
    assert.fail('the file was accepted');
  };
  assert.match(refused('public: { languages: [en, fr] }'), /^The settings file .*bad\.yaml cannot be used: public\.languages\.1: "fr" is not a language the public pages offer: write en \(English\) or cy \(Welsh\)$/);
  assert.match(refused('public: { languages: [cy] }'), /public\.languages: offer English too/);
  assert.match(refused('public: { languages: [en, en] }'), /public\.languages: a language is listed twice/);
  assert.match(refused('public: { workspaces: [{ name: Planning, welsh: "  " }] }'), /public\.workspaces\.0\.welsh: the Welsh name is empty/);
  assert.match(refused('public: { workspaces: [{ name: Planning, offered: yes please }] }'), /public\.workspaces\.0\.offered: offered is true or false/);

  await assert.rejects(
    applyCouncilSettings(db, welsh.id, { report: { topServices: 3 }, public: { languages: ['en'], workspaces: [{ name: 'Planning', welsh: 'Cynllunio' }, { name: 'Bins', welsh: 'Biniau' }] } }, '2025-06-02'),
    (error: Error) => error instanceof CouncilSettingsError
      && error.message === 'public.workspaces.1: there is no workspace "Bins" (its workspaces are Bins and recycling, Council Tax, Planning).',
  );
  assert.deepEqual(await councilSettings(db.pool, welsh.id), before, 'the languages, the names before it and the report settings are as they were');
});

test('council set --settings chooses the public pages’ languages; council show prints them; a workspace the council lacks is refused', () => {
  const file = settingsFile('public.yaml', 'public:\n  languages: [en, cy]\n');
  const set = redress(['council', 'set', '--council', slug, '--settings', file]);
  assert.equal(set.status, 0, set.stderr);
  assert.match(set.stdout, /Settings Council: public pages' languages and services saved\./);
  const shown = () => JSON.parse(redress(['council', 'show', '--council', slug]).stdout) as { public: { languages: string[]; workspaces: unknown[] } };
  assert.deepEqual(shown().public, { languages: ['en', 'cy'], workspaces: [] });

  const unknown = settingsFile('unknown.yaml', 'public:\n  languages: [cy, en]\n  workspaces: [{ name: Bins and recycling, welsh: Biniau ac ailgylchu }]\n');
  const refused = redress(['council', 'set', '--council', slug, '--settings', unknown]);
  assert.equal(refused.status, 2);
  assert.equal(refused.stderr, 'public.workspaces.0: there is no workspace "Bins and recycling" (it has none yet).\n');
  assert.deepEqual(shown().public.languages, ['en', 'cy'], 'nothing changed');
});
