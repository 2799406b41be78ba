import assert from 'node:assert/strict';
import type { Person } from './signIn.ts';
import { expectErrorSummary, fillDate, press, submit, successBanner, dateTyped } from './forms.ts';

export interface NewComplaint {
  channel: string;
  receivedOn: string;
  fullName: string;
  email: string;
  phone: string;
  address: string;
  adjustments: string;
  workspace: string;
  unit: string;
  category: string;
  summary: string;
}

/**
 * Logging a contact, one question a page, as a complaints officer does it from "Log a contact"
 * in the menu: each page checked (axe, phone width, screenshot), and the errors a hurried
 * officer meets on the way (no kind chosen, an impossible date) shown and then put right.
 * Returns the new case's reference from the success banner.
 */
export async function logComplaint(person: Person, c: NewComplaint, options: { errors?: boolean } = {}): Promise<string> {
  const { page, checks } = person;
  const errors = options.errors ?? false;
  await submit(page, page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Log a contact' }));

  // What kind of contact is this?
  await page.getByRole('group', { name: /What kind of contact is this\?/ }).waitFor();
  await checks.check(page, 'Log a contact: kind');
  if (errors) {
    await press(page, 'Continue');
    await expectErrorSummary(page, ['Select what kind of contact this is']);
    await checks.check(page, 'Log a contact: kind, with an error');
  }
  await page.getByLabel('Complaint', { exact: true }).check();
  await press(page, 'Continue');

  // How and when was it received?
  await page.getByRole('heading', { level: 1, name: 'How and when was it received?' }).waitFor();
  await checks.check(page, 'Log a contact: received');
  await page.getByLabel(c.channel, { exact: true }).check();
  if (errors) {
    await fillDate(page, 'Date received', { day: 31, month: 2, year: 2025 });
    await press(page, 'Continue');
    await expectErrorSummary(page, [/date received must be a real date/i]);
    assert.equal(await dateTyped(page, 'Date received'), '31/2/2025', 'the impossible date is kept as typed');
    assert.ok(await page.getByLabel(c.channel, { exact: true }).isChecked(), 'the channel chosen is kept');
    await checks.check(page, 'Log a contact: received, with an error');
  }
  await fillDate(page, 'Date received', c.receivedOn);
  await press(page, 'Continue');

  // Who is the contact from?
  await page.getByRole('heading', { level: 1, name: 'Who is the contact from?' }).waitFor();
  await checks.check(page, 'Log a contact: person');
  if (errors) {
    await page.getByLabel('Email address (optional)').fill(c.email);
    await press(page, 'Continue');
    await expectErrorSummary(page, ['Enter the person’s full name, or say they are anonymous']);
    assert.equal(await page.getByLabel('Email address (optional)').inputValue(), c.email, 'the email typed is kept');
  }
  await page.getByLabel('Full name').fill(c.fullName);
  await page.getByLabel('Email address (optional)').fill(c.email);
  await page.getByLabel('Phone number (optional)').fill(c.phone);
  await page.getByLabel('Postal address (optional)').fill(c.address);
  await press(page, 'Continue');

  // Is someone acting for them?
  await page.getByRole('group', { name: /Is someone acting for them\?/ }).waitFor();
  await checks.check(page, 'Log a contact: representative');
  await page.getByLabel('No', { exact: true }).check();
  await press(page, 'Continue');

  // Reasonable adjustments: yes, and what.
  await page.getByRole('group', { name: /reasonable adjustments\?/ }).waitFor();
  await page.getByLabel('Yes', { exact: true }).check();
  await page.getByLabel('What adjustments do they need?').fill(c.adjustments);
  await checks.check(page, 'Log a contact: adjustments');
  await press(page, 'Continue');

  // Contact restriction: none.
  await page.getByRole('group', { name: /managed contact restriction\?/ }).waitFor();
  await checks.check(page, 'Log a contact: restriction');
  await page.getByLabel('No', { exact: true }).check();
  await press(page, 'Continue');

  // What is it about?
  await page.getByRole('heading', { level: 1, name: 'What is it about?' }).waitFor();
  await checks.check(page, 'Log a contact: about');
  await page.getByLabel('Service, as the person named it').selectOption({ label: c.workspace });
  await page.getByLabel('Directorate, service or team').selectOption({ label: c.unit });
  await page.getByLabel('Category (optional)').selectOption({ label: c.category });
  await press(page, 'Continue');

  // What is the contact about? (the summary)
  const summary = page.getByLabel('What is the contact about?');
  await summary.waitFor();
  await checks.check(page, 'Log a contact: summary');
  if (errors) {
    await press(page, 'Continue');
    await expectErrorSummary(page, ['Enter what the contact is about']);
  }
  await summary.fill(c.summary);
  await press(page, 'Continue');

  // Check your answers, then confirm.
  await page.getByRole('heading', { level: 1, name: 'Check the contact before you log it' }).waitFor();
  await checks.check(page, 'Log a contact: check your answers');
  const answers = await page.locator('.govuk-summary-list').allInnerTexts();
  const text = answers.join('\n');
  for (const expected of ['Complaint', c.channel, c.fullName, c.email, c.adjustments, c.workspace, c.category, c.summary]) {
    assert.ok(text.includes(expected), `check your answers shows "${expected}":\n${text}`);
  }
  assert.ok(await page.getByRole('link', { name: 'Change kind' }).count(), 'each answer has a Change link naming what it changes');
  await press(page, 'Confirm and log the contact');
  const banner = await successBanner(page);
  const reference = /Contact logged: reference (\S+)/.exec(banner)?.[1];
  assert.ok(reference, `the banner gives the reference: ${banner}`);
  await page.getByRole('heading', { level: 1, name: reference }).waitFor();
  return reference;
}
