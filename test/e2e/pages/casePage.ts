import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { submit } from './forms.ts';

/**
 * The case page (/cases/<reference>) as a person reads it: the status tag under the reference,
 * the success banner, the deadline cards, the stage cards and the timeline; and the Actions
 * menu, which is a menu button when scripts run and a row of buttons when they do not.
 */
export class CasePage {
  constructor(readonly page: Page, readonly reference: string) {}

  async open(base: string): Promise<this> {
    await this.page.goto(`${base}/cases/${this.reference}`);
    await this.page.getByRole('heading', { level: 1, name: this.reference }).waitFor();
    return this;
  }

  /** The words of the status tag ("Stage open", "Closed"). */
  async status(): Promise<string> {
    return (await this.page.locator('#case-status .govuk-tag').first().innerText()).trim();
  }

  /** "Stage 2", from "Current stage: Stage 2" under the reference; null when no stage is open. */
  async currentStage(): Promise<string | null> {
    const line = this.page.locator('main p', { hasText: 'Current stage:' });
    if (!(await line.count())) return null;
    return /Current stage: (.*)/.exec(await line.innerText())?.[1]?.trim() ?? null;
  }

  /** Each deadline card: its title, its standing tag and what it says about the date. */
  async deadlines(): Promise<{ title: string; tag: string; text: string }[]> {
    const cards = this.page.locator('#deadlines .govuk-summary-card');
    const found = [];
    for (const card of await cards.all()) {
      found.push({
        title: (await card.locator('.govuk-summary-card__title').innerText()).trim(),
        tag: (await card.locator('.govuk-summary-card__title-wrapper .govuk-tag').innerText()).trim(),
        text: (await card.locator('.govuk-summary-card__content > p').first().innerText()).replace(/\s+/g, ' ').trim(),
      });
    }
    return found;
  }

  async deadline(title: string): Promise<{ title: string; tag: string; text: string }> {
    const all = await this.deadlines();
    const found = all.find((d) => d.title === title);
    assert.ok(found, `a deadline "${title}" among ${JSON.stringify(all.map((d) => d.title))}`);
    return found;
  }

  /** A stage card's rows, by their keys ("Outcome" → "Partially upheld"). */
  async stage(name: string): Promise<Record<string, string>> {
    const card = this.page.locator('#stages .govuk-summary-card').filter({ has: this.page.getByRole('heading', { name, exact: true }) });
    assert.equal(await card.count(), 1, `a stage card "${name}"`);
    const rows: Record<string, string> = {};
    for (const row of await card.locator('.govuk-summary-list__row').all()) {
      rows[(await row.locator('dt').innerText()).trim()] = (await row.locator('dd').first().innerText()).trim();
    }
    return rows;
  }

  /** The timeline's entries, newest first: "Stage 1: Acknowledged". */
  async timeline(): Promise<string[]> {
    return (await this.page.locator('#timeline .moj-timeline__title').allInnerTexts()).map((s) => s.trim());
  }

  /** The timeline's newest entry with what it says. */
  async newestEvent(): Promise<{ title: string; by: string; text: string }> {
    const item = this.page.locator('#timeline .moj-timeline__item').first();
    return {
      title: (await item.locator('.moj-timeline__title').innerText()).trim(),
      by: (await item.locator('.moj-timeline__byline').innerText()).trim(),
      text: (await item.locator('.moj-timeline__description').innerText()).replace(/\s+/g, ' ').trim(),
    };
  }

  /** The names of the actions offered. */
  async actions(): Promise<string[]> {
    return (await this.page.locator('#case-actions a').allInnerTexts()).map((s) => s.trim());
  }

  /** Opens the Actions menu (when scripts made it one) and follows the action named. */
  async take(action: string): Promise<void> {
    const toggle = this.page.getByRole('button', { name: 'Actions', exact: true });
    if (await toggle.count()) {
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true', 'the Actions menu opened');
    }
    await submit(this.page, this.page.locator('#case-actions').getByRole('button', { name: action, exact: true }));
  }
}
