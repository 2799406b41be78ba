import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { CasePage } from './casePage.ts';
import type { Person } from './signIn.ts';
import { expectErrorSummary, fillDate, press, successBanner } from './forms.ts';

/**
 * The actions on a case, each taken as a person does: from the case page's Actions menu to the
 * action's page (checked: axe, phone width, screenshot), the form filled by its labels, saved,
 * and back on the case page with the success banner, whose words are returned.
 */
export class CaseActions {
  readonly casePage: CasePage;
  constructor(readonly person: Person, reference: string) {
    this.casePage = new CasePage(person.page, reference);
  }

  get page(): Page {
    return this.person.page;
  }

  /** Opens the action from the case page and waits for its heading. */
  async start(action: string, heading: string, checkName?: string): Promise<void> {
    await this.casePage.take(action);
    await this.page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
    assert.equal((await this.page.locator('.govuk-caption-l').first().innerText()).trim(), `Case ${this.casePage.reference}`, `the ${heading} page names the case`);
    await this.person.checks.check(this.page, checkName ?? heading);
  }

  /** Saves the form with the button named, and returns the case page's success banner. */
  async save(button: string): Promise<string> {
    await press(this.page, button);
    await this.page.getByRole('heading', { level: 1, name: this.casePage.reference }).waitFor();
    return successBanner(this.page);
  }

  /** Facts shown above an action's form, by their keys. */
  async facts(): Promise<Record<string, string>> {
    const rows: Record<string, string> = {};
    for (const row of await this.page.locator('main .govuk-summary-list').first().locator('.govuk-summary-list__row').all()) {
      rows[(await row.locator('dt').innerText()).trim()] = (await row.locator('dd').innerText()).trim();
    }
    return rows;
  }

  async triage(route: string, options: { errors?: boolean; startAtStage2?: boolean } = {}): Promise<string> {
    await this.start('Triage', 'Triage the contact');
    if (options.errors) {
      await press(this.page, 'Save the triage decision');
      await expectErrorSummary(this.page, ['Select how the contact will be handled']);
      await this.person.checks.check(this.page, 'Triage the contact, with an error');
    }
    await this.page.getByLabel(route, { exact: true }).check();
    if (options.startAtStage2) await this.page.getByLabel('It starts straight at stage 2').check();
    return this.save('Save the triage decision');
  }

  async allocate(officer: string, note: string): Promise<string> {
    await this.start('Allocate an investigating officer', 'Allocate the investigating officer');
    await this.page.getByLabel('Investigating officer', { exact: true }).selectOption({ label: officer });
    await this.page.getByLabel('Note for the officer (optional)').fill(note);
    return this.save('Allocate');
  }

  async acknowledge(): Promise<string> {
    await this.start('Record the acknowledgement', 'Record the acknowledgement');
    return this.save('Save the acknowledgement');
  }

  async stopClock(reason: string): Promise<string> {
    await this.start('Stop the clock', 'Stop the clock');
    await this.page.getByLabel('Why is the clock stopped?').fill(reason);
    return this.save('Stop the clock');
  }

  async openExtend(): Promise<Record<string, string>> {
    await this.start('Extend the response date', 'Extend the response date');
    return this.facts();
  }

  async extend(to: string, agreedOn: string, reason: string, options: { errors?: boolean } = {}): Promise<string> {
    if (options.errors) {
      await fillDate(this.page, 'New response date', { day: 31, month: 2, year: 2025 });
      await this.page.getByLabel('Reason for the extension').fill(reason);
      await press(this.page, 'Save the extension');
      await expectErrorSummary(this.page, [/new response date must be a real date/i]);
      assert.equal(await this.page.getByLabel('Reason for the extension').inputValue(), reason, 'the reason typed is kept');
      await this.person.checks.check(this.page, 'Extend the response date, with an error');
    }
    await fillDate(this.page, 'New response date', to);
    await fillDate(this.page, 'Date the complainant agreed', agreedOn);
    await this.page.getByLabel('Reason for the extension').fill(reason);
    return this.save('Save the extension');
  }

  /** Adds each part of the complaint, then records the findings on them (in order). */
  async findings(parts: { summary: string; category?: string; finding: string }[], options: { errors?: boolean } = {}): Promise<string> {
    await this.start('Record elements and findings', 'Findings');
    if (options.errors) {
      await press(this.page, 'Add this part');
      await expectErrorSummary(this.page, ['Enter what this part of the complaint is about']);
      await this.person.checks.check(this.page, 'Findings, with an error');
    }
    for (const part of parts) {
      await this.page.getByLabel('What this part of the complaint is about').fill(part.summary);
      if (part.category) await this.page.getByLabel('Category (optional)').selectOption({ label: part.category });
      await this.save('Add this part');
      await this.casePage.take('Record elements and findings');
      await this.page.getByRole('heading', { level: 1, name: 'Findings' }).waitFor();
    }
    for (const [index, part] of parts.entries()) {
      const group = this.page.getByRole('group', { name: `Finding on part ${index + 1}: ${part.summary}` });
      await group.getByLabel(part.finding, { exact: true }).check();
    }
    await this.person.checks.check(this.page, 'Findings, with parts');
    return this.save('Save the findings');
  }

  async openRespond(checkName = 'Record the response'): Promise<void> {
    await this.start('Record the response', 'Record the response', checkName);
  }

  async respond(letter: string): Promise<string> {
    await this.page.getByLabel('Or write the response letter').fill(letter);
    return this.save('Save the response');
  }

  async requestEscalation(nextStage: number, said: string, options: { errors?: boolean } = {}): Promise<string> {
    await this.start('Record a request for the next stage', 'Record a request for the next stage');
    if (options.errors) {
      await press(this.page, `Record the request for stage ${nextStage}`);
      await expectErrorSummary(this.page, ['Enter what the complainant said']);
    }
    await this.page.getByLabel('What the complainant said').fill(said);
    return this.save(`Record the request for stage ${nextStage}`);
  }

  async openDecideEscalation(): Promise<void> {
    await this.start('Accept or refuse the request', 'Decide the request for the next stage');
  }

  /** Accept: the radio, then the officer in its conditional reveal (shown without scripts too). */
  async chooseAccept(stage: number, officer: RegExp): Promise<void> {
    await this.page.getByLabel(`Accept: open stage ${stage}`).check();
    const select = this.page.getByLabel(`Investigating officer for stage ${stage}`);
    const option = (await select.locator('option').allInnerTexts()).find((o) => officer.test(o));
    assert.ok(option, `an officer matching ${officer}`);
    await select.selectOption({ label: option });
  }

  async acceptAtStage2(reason: string, officer: RegExp, options: { errors?: boolean } = {}): Promise<string> {
    await this.start('Accept straight at stage 2', 'Start the complaint at stage 2');
    if (options.errors) {
      await press(this.page, 'Open stage 2');
      await expectErrorSummary(this.page, ['Enter why the complaint starts at stage 2']);
      await this.person.checks.check(this.page, 'Start the complaint at stage 2, with an error');
    }
    await this.page.getByLabel('Why it starts at stage 2').fill(reason);
    const select = this.page.getByLabel('Investigating officer (optional)');
    const option = (await select.locator('option').allInnerTexts()).find((o) => officer.test(o));
    assert.ok(option, `an officer matching ${officer}`);
    await select.selectOption({ label: option });
    return this.save('Open stage 2');
  }

  async remedy(kind: string, description: string, amount: string, dueOn: string, options: { errors?: boolean } = {}): Promise<string> {
    await this.start('Add a remedy', 'Remedies');
    await this.page.getByLabel(kind, { exact: true }).check();
    await this.page.getByLabel('Describe the remedy').fill(description);
    if (options.errors) {
      await fillDate(this.page, 'Date it is due', dueOn);
      await press(this.page, 'Add the remedy');
      await expectErrorSummary(this.page, ['Enter the amount of financial redress']);
      assert.ok(await this.page.getByLabel(kind, { exact: true }).isChecked(), 'the kind chosen is kept');
      assert.equal(await this.page.getByLabel('Describe the remedy').inputValue(), description, 'the description is kept');
      await this.person.checks.check(this.page, 'Remedies, with an error');
    }
    await this.page.getByLabel('Amount (financial redress only)').fill(amount);
    await fillDate(this.page, 'Date it is due', dueOn);
    return this.save('Add the remedy');
  }

  async learningAction(description: string, owner: string, dueOn: string, options: { errors?: boolean } = {}): Promise<string> {
    await this.start('Add a learning action', 'Learning actions');
    await this.page.getByLabel('What will change').fill(description);
    if (options.errors) {
      await fillDate(this.page, 'Date it is due', dueOn);
      await press(this.page, 'Add the learning action');
      await expectErrorSummary(this.page, ['Enter the person or team who owns the action']);
      assert.equal(await this.page.getByLabel('What will change').inputValue(), description, 'what will change is kept');
      await this.person.checks.check(this.page, 'Learning actions, with an error');
    }
    await this.page.getByLabel('Owner', { exact: true }).fill(owner);
    await fillDate(this.page, 'Date it is due', dueOn);
    return this.save('Add the learning action');
  }

  async close(): Promise<{ warning: string; banner: string }> {
    await this.start('Close', 'Close the case');
    const warning = (await this.page.locator('.govuk-warning-text').allInnerTexts()).join(' ').replace(/\s+/g, ' ').trim();
    return { warning, banner: await this.save('Close the case') };
  }

  async note(text: string): Promise<string> {
    await this.casePage.take('Add a note');
    const box = this.page.getByLabel('Add a note');
    await box.waitFor();
    await this.person.checks.check(this.page, 'Add a note');
    await box.fill(text);
    await press(this.page, 'Add note');
    await this.page.getByRole('heading', { level: 1, name: this.casePage.reference }).waitFor();
    return successBanner(this.page);
  }
}
