import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { useBrowser, useWebApp } from '../support/browser.ts';
import { useTestDatabase, newTestCouncil } from '../support/testDatabase.ts';
import { addTestStaff } from '../support/staffSession.ts';
import { PageChecks } from './pages/pageChecks.ts';
import { signIn, type Person } from './pages/signIn.ts';
import { logComplaint, type NewComplaint } from './pages/logContact.ts';
import { CaseActions } from './pages/caseActions.ts';
import { expectErrorSummary, fillDate, press, submit } from './pages/forms.ts';

/**
 * The "Done when" journeys in a real browser (Debian's Chromium through playwright-core),
 * every step through the pages a person uses: a complaints officer logs a telephone complaint
 * and triages it, an investigating officer handles stage 1 from "My cases", the officer records
 * the request for stage 2 and gives it to a second investigating officer, who answers it, and
 * the officer adds a remedy and a learning action and closes the case. Then a complaint started
 * straight at stage 2, a compliment, and the case page without JavaScript.
 *
 * Every page is checked with axe-core (WCAG 2.2 AA) at desktop and phone width, must not scroll
 * sideways on a phone, and is photographed to tmp/screenshots/staff/ (git-ignored).
 */

const TODAY = '2025-06-04'; // a Wednesday, with no bank holiday near
const RECEIVED = '2025-06-02';
const screenshots = fileURLToPath(new URL('../../tmp/screenshots/staff/', import.meta.url));

const browser: Browser = await useBrowser();
const db = await useTestDatabase();
const council = await newTestCouncil(db);

// A small organisation: two directorates with services and a team, services as the public names them, categories.
const id = async (sql: string, params: unknown[]) => Number((await db.pool.query<{ id: number }>(sql, params)).rows[0]!.id);
const unit = (kind: string, name: string, parent: number | null) =>
  id('INSERT INTO org_unit (council_id, kind, name, parent_id) VALUES ($1, $2, $3, $4) RETURNING id', [council.id, kind, name, parent]);
const place = await unit('directorate', 'Place', null);
const highways = await unit('service', 'Highways', place);
await unit('team', 'Street lighting', highways);
const waste = await unit('service', 'Waste and recycling', place);
const people = await unit('directorate', 'People', null);
await unit('service', 'Adult social care', people);
const workspace = (name: string, unitId: number) => id('INSERT INTO workspace (council_id, name, org_unit_id) VALUES ($1, $2, $3) RETURNING id', [council.id, name, unitId]);
await workspace('Roads and pavements', highways);
await workspace('Bins', waste);
for (const name of ['Potholes and road repairs', 'Missed collections', 'Staff conduct']) {
  await id('INSERT INTO complaint_category (council_id, name) VALUES ($1, $2) RETURNING id', [council.id, name]);
}

const officer = await addTestStaff(db, council.id, ['complaints_officer'], { name: 'Olivia Okafor' });
const investigator = await addTestStaff(db, council.id, ['investigating_officer'], { name: 'Ivan Ilori', directorates: [place] });
const reviewer = await addTestStaff(db, council.id, ['investigating_officer'], { name: 'Sara Sandhu', directorates: [place] });

const base = await useWebApp({ db, clock: { now: () => new Date(`${TODAY}T10:00:00Z`) } });

const complaint: NewComplaint = {
  channel: 'Telephone',
  receivedOn: RECEIVED,
  fullName: 'Priya Shah',
  email: 'priya.shah@example.org',
  phone: '07700 900123',
  address: '4 Mill Lane\nEasttown\nET1 2AB',
  adjustments: 'Large print letters, please',
  workspace: 'Roads and pavements',
  unit: 'Place › Highways',
  category: 'Potholes and road repairs',
  summary: 'The pothole outside number 4 was reported three times and never filled. My car tyre burst on it.',
};

/** Pages are checked once in the file: a page a later test passes again is not checked again. */
const pageChecks = new PageChecks(screenshots);

/** Runs a test's journey, closes its people's browsers however it ends, and returns the problems its pages had. */
async function withPeople(run: (people: Person[], checks: PageChecks) => Promise<void>): Promise<{ problems: string[]; report: string }> {
  const from = pageChecks.problems.length;
  const open: Person[] = [];
  try {
    await run(open, pageChecks);
  } finally {
    for (const p of open) await p.close();
  }
  const problems = pageChecks.problems.slice(from);
  return { problems, report: `${problems.length} problem(s):\n${problems.join('\n')}` };
}

test('a telephone complaint from logging to closing: two stages, three people, every page accessible', async () => {
  const checks = await withPeople(async (people, checks) => {
    // ---- The complaints officer logs the call and triages it. ----
    const olivia = await signIn(browser, base, officer, checks);
    people.push(olivia);
    await checks.check(olivia.page, 'Home: complaints officer');
    const reference = await logComplaint(olivia, complaint, { errors: true });
    const asOfficer = new CaseActions(olivia, reference);
    const casePage = asOfficer.casePage;
    assert.equal(await casePage.status(), 'Awaiting triage');
    assert.deepEqual(await casePage.timeline(), ['Logged']);
    const address = olivia.page.locator('#summary .govuk-summary-list__row', { hasText: 'Address' }).locator('dd');
    assert.equal((await address.innerText()).trim(), '4 Mill Lane\nEasttown\nET1 2AB', 'the address keeps its lines');
    await checks.check(olivia.page, 'Case page: logged');

    assert.equal(await asOfficer.triage('Formal complaint', { errors: true }), 'Success Triaged as a formal complaint: stage 1 is open');
    assert.equal(await casePage.status(), 'Stage open');
    assert.equal(await casePage.currentStage(), 'Stage 1');
    assert.deepEqual((await casePage.timeline()).slice(0, 2), ['Stage 1: Opened', 'Triaged']);
    const acknowledgement = await casePage.deadline('Stage 1: acknowledgement due');
    assert.match(acknowledgement.text, /^9 June 2025 – 3 working days left/, 'acknowledged within 5 working days of receipt');
    assert.equal(acknowledgement.tag, 'Due soon');
    assert.equal(await casePage.stage('Stage 1').then((s) => s['Investigating officer']), 'Not allocated');
    await checks.check(olivia.page, 'Case page: stage 1 open');

    await asOfficer.casePage.take('Allocate an investigating officer');
    await press(olivia.page, 'Allocate');
    await expectErrorSummary(olivia.page, ['Select the investigating officer']);
    await checks.check(olivia.page, 'Allocate the investigating officer, with an error');
    await submit(olivia.page, olivia.page.getByRole('link', { name: 'Cancel and go back to the case' }));
    assert.equal(await asOfficer.allocate('Ivan Ilori', 'Mrs Shah prefers a call in the morning.'), 'Success Allocated to Ivan Ilori');
    assert.equal((await casePage.stage('Stage 1'))['Investigating officer'], 'Ivan Ilori');
    assert.equal((await casePage.newestEvent()).title, 'Stage 1: Investigating officer allocated');

    // ---- The investigating officer, in their own browser, finds it in "My cases". ----
    const ivan = await signIn(browser, base, investigator, checks);
    people.push(ivan);
    const myCases = ivan.page.locator('section').filter({ has: ivan.page.getByRole('heading', { name: /^My cases/ }) });
    assert.match(await myCases.innerText(), new RegExp(`${reference}[\\s\\S]*Stage 1 response`));
    await checks.check(ivan.page, 'Home: investigating officer with a case');
    await submit(ivan.page, myCases.getByRole('link', { name: reference }));
    const asInvestigator = new CaseActions(ivan, reference);
    const ivansCase = asInvestigator.casePage;
    await ivan.page.getByRole('heading', { level: 1, name: reference }).waitFor();
    const offered = await ivansCase.actions();
    assert.ok(offered.includes('Record the acknowledgement') && !offered.includes('Triage') && !offered.includes('Close'),
      `an investigating officer is offered the stage's handling, not triage or closing: ${offered.join(', ')}`);
    await checks.check(ivan.page, 'Case page: as the investigating officer');

    assert.equal(await asInvestigator.acknowledge(), 'Success Acknowledgement recorded: 4 June 2025');
    assert.equal((await ivansCase.newestEvent()).title, 'Stage 1: Acknowledged');
    assert.equal((await ivansCase.stage('Stage 1'))['Acknowledged'], '4 June 2025');
    const acknowledged = await ivansCase.deadline('Stage 1: acknowledgement due');
    assert.equal(acknowledged.tag, 'Done');
    const response = await ivansCase.deadline('Stage 1: response due');
    assert.match(response.text, /^18 June 2025 – 10 working days left/, '10 working days from the acknowledgement');

    const facts = await asInvestigator.openExtend();
    assert.equal(facts['Stage'], 'Stage 1', 'the stage is named once, not "Stage 1 (Stage 1)"');
    assert.equal(facts['Response due now'], '18 June 2025');
    assert.equal(facts['Latest allowed without a good reason'], '2 July 2025');
    assert.equal(await asInvestigator.extend('2025-06-27', TODAY, 'The highways inspector visits the site on 20 June.', { errors: true }),
      'Success Response now due on 27 June 2025');
    const extended = await ivansCase.deadline('Stage 1: response due');
    assert.match(extended.text, /^27 June 2025 – 17 working days left.*Originally due 18 June 2025/);
    assert.equal((await ivansCase.newestEvent()).title, 'Stage 1: Response date extended');
    assert.match((await ivansCase.newestEvent()).text, /To: 27 June 2025.*Reason: The highways inspector visits the site on 20 June\./);

    assert.equal(await asInvestigator.findings([
      { summary: 'The pothole was not repaired after three reports', category: 'Potholes and road repairs', finding: 'Upheld' },
      { summary: 'The council should pay for the tyre', finding: 'Not upheld' },
    ], { errors: true }), 'Success Findings saved');
    assert.equal((await ivansCase.newestEvent()).title, 'Stage 1: Elements and findings recorded');
    const parts = await ivan.page.locator('#stages table', { hasText: 'The pothole was not repaired' }).locator('tbody tr').allInnerTexts();
    assert.deepEqual(parts.map((r) => r.replace(/\s+/g, ' ').trim()), [
      'The pothole was not repaired after three reports Potholes and road repairs Upheld',
      'The council should pay for the tyre Not upheld',
    ]);

    await asInvestigator.openRespond();
    assert.match(await ivan.page.locator('.govuk-inset-text').innerText(), /The outcome follows the findings: Partially upheld/);
    assert.equal(await ivan.page.getByRole('group', { name: 'Outcome' }).count(), 0, 'no outcome to choose: it follows from the findings');
    assert.equal(await asInvestigator.respond('Dear Mrs Shah, we are sorry the pothole was not repaired. It was filled on 20 June.'),
      'Success Stage 1 answered: partially upheld');
    assert.equal(await ivansCase.status(), 'Responded');
    assert.equal((await ivansCase.stage('Stage 1'))['Outcome'], 'Partially upheld');
    assert.equal((await ivansCase.stage('Stage 1'))['Responded'], '4 June 2025');
    assert.equal((await ivansCase.newestEvent()).title, 'Stage 1: Responded');
    assert.equal((await ivansCase.deadline('Stage 1: response due')).tag, 'Done');
    await checks.check(ivan.page, 'Case page: stage 1 answered');

    // ---- Mrs Shah asks for stage 2: the officer records it and gives it to someone else. ----
    await casePage.open(base);
    assert.equal(await casePage.status(), 'Responded');
    assert.equal(await asOfficer.requestEscalation(2, 'Mrs Shah says the council should pay for the tyre.', { errors: true }),
      'Success Request for stage 2 recorded, made on 4 June 2025');
    assert.equal(await casePage.status(), 'Escalation requested');
    assert.equal((await casePage.newestEvent()).title, 'Stage 2: Next stage asked for');
    await checks.check(olivia.page, 'Case page: stage 2 asked for');

    await asOfficer.openDecideEscalation();
    await asOfficer.chooseAccept(2, /^Ivan Ilori/);
    await press(olivia.page, 'Save the decision');
    await expectErrorSummary(olivia.page, ['Choose a different investigating officer from the one who handled stage 1']);
    assert.ok(await olivia.page.getByLabel('Accept: open stage 2').isChecked(), 'the decision is kept');
    await checks.check(olivia.page, 'Decide the request for the next stage, with an error');
    await asOfficer.chooseAccept(2, /^Sara Sandhu/);
    assert.equal(await asOfficer.save('Save the decision'), 'Success Stage 2 is open and allocated to Sara Sandhu');
    assert.equal(await casePage.status(), 'Stage open');
    assert.equal(await casePage.currentStage(), 'Stage 2');
    assert.equal((await casePage.stage('Stage 2'))['Investigating officer'], 'Sara Sandhu');
    assert.match((await casePage.deadline('Stage 2: acknowledgement due')).text, /^11 June 2025/, '5 working days from the request');
    await checks.check(olivia.page, 'Case page: stage 2 open');

    // ---- The second investigating officer answers stage 2. ----
    const sara = await signIn(browser, base, reviewer, checks);
    people.push(sara);
    const sarasCases = sara.page.locator('section').filter({ has: sara.page.getByRole('heading', { name: /^My cases/ }) });
    await submit(sara.page, sarasCases.getByRole('link', { name: reference }));
    const asReviewer = new CaseActions(sara, reference);
    assert.equal(await asReviewer.acknowledge(), 'Success Acknowledgement recorded: 4 June 2025');
    await asReviewer.findings([{ summary: 'The council should pay for the tyre', finding: 'Upheld' }]);
    await asReviewer.openRespond('Record the response at stage 2');
    assert.match(await sara.page.locator('.govuk-inset-text').innerText(), /The outcome follows the findings: Upheld/);
    assert.equal(await asReviewer.respond('Dear Mrs Shah, on review we will pay for the tyre.'), 'Success Stage 2 answered: upheld');
    assert.equal(await asReviewer.casePage.status(), 'Responded');
    assert.equal((await asReviewer.casePage.stage('Stage 2'))['Outcome'], 'Upheld');

    // ---- The officer puts things right and closes the case. ----
    await casePage.open(base);
    assert.equal(await asOfficer.remedy('Financial redress', 'Payment for the burst tyre', '250', '2025-06-18', { errors: true }),
      'Success Remedy added: Financial redress of £250.00');
    assert.match((await olivia.page.locator('#stages table', { hasText: 'Payment for the burst tyre' }).locator('tbody tr').innerText()).replace(/\s+/g, ' '),
      /Financial redress \(£250(\.00)?\) Payment for the burst tyre 18 June 2025 Not yet/);
    assert.equal((await casePage.newestEvent()).title, 'Remedy agreed');
    assert.equal(await asOfficer.learningAction('Inspect reported potholes within 5 working days', 'Highways team leader', '2025-07-31', { errors: true }),
      'Success Learning action added for Highways team leader, due 31 July 2025');
    assert.equal((await casePage.newestEvent()).title, 'Learning action agreed');
    const closing = await asOfficer.close();
    assert.match(closing.warning, /1 remedy and 1 learning action not done/);
    assert.equal(closing.banner, 'Success Case closed on 4 June 2025');
    assert.equal(await casePage.status(), 'Closed');
    assert.equal((await casePage.newestEvent()).title, 'Stage 2: Closed');
    assert.deepEqual(await casePage.actions().then((a) => a.includes('Close')), false, 'a closed case is not offered Close again');
    await checks.check(olivia.page, 'Case page: closed');

    const timeline = await casePage.timeline();
    for (const entry of ['Logged', 'Triaged', 'Stage 1: Opened', 'Stage 1: Investigating officer allocated', 'Stage 1: Acknowledged',
      'Stage 1: Response date extended', 'Stage 1: Elements and findings recorded', 'Stage 1: Responded', 'Stage 2: Next stage asked for',
      'Stage 2: Acknowledged', 'Stage 2: Responded', 'Remedy agreed', 'Learning action agreed', 'Stage 2: Closed']) {
      assert.ok(timeline.includes(entry), `the timeline has "${entry}": ${timeline.join(' | ')}`);
    }
  });
  assert.deepEqual(checks.problems, [], checks.report);
});

test('a complaint started straight at stage 2, and a compliment the case list finds', async () => {
  const checks = await withPeople(async (people, checks) => {
    const olivia = await signIn(browser, base, officer, checks);
    people.push(olivia);
    const reference = await logComplaint(olivia, {
      ...complaint, channel: 'Email', fullName: 'Tom Baker', email: 'tom.baker@example.org', phone: '', address: '', adjustments: 'Emails rather than calls',
      workspace: 'Bins', unit: 'Place › Waste and recycling', category: 'Missed collections',
      summary: 'My bins have been missed for six weeks; I have complained before and nothing changed.',
    });
    const asOfficer = new CaseActions(olivia, reference);
    assert.equal(await asOfficer.casePage.status(), 'Awaiting triage');

    // Triage says it is a formal complaint that starts at stage 2: no stage 1 is opened, and the
    // case page then offers accepting it at stage 2 (with its reason, and the officer).
    assert.equal(await asOfficer.triage('Formal complaint', { startAtStage2: true }),
      'Success Triaged as a formal complaint to start at stage 2: accept it at stage 2 from the actions');
    assert.equal(await asOfficer.casePage.status(), 'Triaged');
    assert.equal(await asOfficer.casePage.currentStage(), null, 'no stage 1 was opened');
    const offered = await asOfficer.casePage.actions();
    assert.ok(offered.includes('Accept straight at stage 2'), `starting at stage 2 is offered: ${offered.join(', ')}`);
    await checks.check(olivia.page, 'Case page: triaged to start at stage 2');
    assert.equal(await asOfficer.acceptAtStage2('Complained twice before about the same collections; stage 1 would repeat them.', /^Ivan Ilori/, { errors: true }),
      'Success Stage 2 is open and allocated to Ivan Ilori');
    const casePage = asOfficer.casePage;
    assert.equal(await casePage.status(), 'Stage open');
    assert.equal(await casePage.currentStage(), 'Stage 2');
    assert.match((await casePage.stage('Stage 2'))['Accepted at this stage because'] ?? '', /Complained twice before/);
    assert.ok((await casePage.timeline()).includes('Stage 2: Accepted straight at stage 2'), (await casePage.timeline()).join(' | '));
    await checks.check(olivia.page, 'Case page: started at stage 2');

    // A compliment on the quick form: an error first, then the panel with its reference.
    await olivia.page.goto(`${base}/contacts/new`);
    await submit(olivia.page, olivia.page.getByRole('link', { name: 'Record a compliment' }));
    await olivia.page.getByRole('heading', { level: 1, name: 'Record a compliment' }).waitFor();
    await checks.check(olivia.page, 'Record a compliment');
    await olivia.page.getByLabel('Service', { exact: true }).selectOption({ label: 'Roads and pavements' });
    await olivia.page.getByLabel('Staff named (optional)').fill('Dev, the road crew');
    await fillDate(olivia.page, 'Date received', { day: 31, month: 2, year: 2025 });
    await olivia.page.getByLabel('Letter', { exact: true }).check();
    await press(olivia.page, 'Record the compliment');
    await expectErrorSummary(olivia.page, ['Enter what they said', /date received must be a real date/i]);
    assert.equal(await olivia.page.getByLabel('Staff named (optional)').inputValue(), 'Dev, the road crew', 'what was typed is kept');
    assert.ok(await olivia.page.getByLabel('Letter', { exact: true }).isChecked());
    await checks.check(olivia.page, 'Record a compliment, with errors');
    await olivia.page.getByLabel('What did they say?').fill('The crew who resurfaced Mill Lane were polite and tidy. Thank you!');
    await fillDate(olivia.page, 'Date received', TODAY);
    await press(olivia.page, 'Record the compliment');
    const panel = olivia.page.locator('.govuk-panel');
    assert.match(await panel.innerText(), /Compliment recorded\s+Reference\s+\S+/);
    const compliment = /Reference\s+(\S+)/.exec(await panel.innerText())![1]!;
    assert.notEqual(compliment, reference);
    await checks.check(olivia.page, 'Compliment recorded');

    // The case list finds it by its reference.
    await submit(olivia.page, olivia.page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Cases' }));
    await olivia.page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
    await checks.check(olivia.page, 'Case list');
    await olivia.page.getByLabel('Reference, name or words').fill(compliment);
    await submit(olivia.page, olivia.page.getByRole('button', { name: 'Apply filters' }).first());
    const rows = olivia.page.locator('table tbody tr');
    assert.equal(await rows.count(), 1, 'one case found');
    assert.match((await rows.first().innerText()).replace(/\s+/g, ' '), new RegExp(`^${compliment} Compliment`));
    await checks.check(olivia.page, 'Case list, searched');
    await submit(olivia.page, rows.first().getByRole('link', { name: compliment }));
    assert.equal(await olivia.page.locator('.govuk-caption-l').first().innerText(), 'Compliment');
    await checks.check(olivia.page, 'Case page: a compliment');
  });
  assert.deepEqual(checks.problems, [], checks.report);
});

test('without JavaScript the case page offers its actions as buttons and a note can be added', async () => {
  const checks = await withPeople(async (people, checks) => {
    const olivia = await signIn(browser, base, officer, checks, { javaScriptEnabled: false });
    people.push(olivia);
    assert.equal(await olivia.page.locator('body.js-enabled').count(), 0, 'scripts do not run');
    const reference = await logComplaint(olivia, { ...complaint, fullName: 'Anna Novak', email: 'anna@example.org', summary: 'The street light outside 12 Elm Road has been out for a month.' });
    const asOfficer = new CaseActions(olivia, reference);
    // Every action is a visible button-styled link; no menu button to open first.
    assert.equal(await olivia.page.getByRole('button', { name: 'Actions', exact: true }).count(), 0);
    for (const action of ['Triage', 'Add a note', 'Add a document', 'Record that it was withdrawn']) {
      assert.ok(await olivia.page.locator('#case-actions').getByRole('button', { name: action, exact: true }).isVisible(), `"${action}" is visible`);
    }
    await checks.check(olivia.page, 'Case page: without JavaScript');
    await asOfficer.casePage.take('Add a note');
    await press(olivia.page, 'Add note');
    await expectErrorSummary(olivia.page, ['Enter the note'], { focused: false });
    await olivia.page.goto(`${base}/cases/${reference}`);
    assert.equal(await asOfficer.note('Rang Ms Novak: the light is the one by the bus stop.'), 'Success Note added');
    const newest = await asOfficer.casePage.newestEvent();
    assert.equal(newest.title, 'Note');
    assert.match(newest.text, /Rang Ms Novak: the light is the one by the bus stop\./);
    assert.equal(await asOfficer.triage('Formal complaint'), 'Success Triaged as a formal complaint: stage 1 is open');
    assert.equal(await asOfficer.casePage.status(), 'Stage open');
  });
  assert.deepEqual(checks.problems, [], checks.report);
});
