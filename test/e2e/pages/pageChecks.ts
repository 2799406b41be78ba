import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

/** WCAG 2.2 AA, as the issue asks: the rules axe-core tags for A and AA at each version. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 812 };
const WIDTHS = [['desktop', DESKTOP], ['phone', PHONE]] as const;

/**
 * Whether pages are photographed for people to look at: yes on a developer's machine, not in CI,
 * where nobody sees them and they are a fifth of a browser file's time; SCREENSHOTS=1 or 0 decides.
 */
export const SCREENSHOTS = process.env.SCREENSHOTS ? process.env.SCREENSHOTS !== '0' : !process.env.CI;

type Violation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

/**
 * GOV.UK Frontend's one known axe finding, kept on purpose: its script sets aria-expanded on a
 * radio that reveals a conditional question, which ARIA does not list for radios but screen
 * readers announce (alphagov/govuk-frontend#979, listed in its known issues, #1280). Only that
 * attribute on a GOV.UK radio is let through; anything else on the same element still counts.
 */
function withoutKnownGovukIssue(v: Violation): Violation {
  if (v.id !== 'aria-allowed-attr') return v;
  const known = (n: Violation['nodes'][number]) =>
    /^<input\b[^>]*class="govuk-radios__input"[^>]*type="radio"/.test(n.html)
    && [...n.any, ...n.all, ...n.none].every((check) => [check.data].flat().every((d) => typeof d === 'string' && /^aria-expanded="(true|false)"$/.test(d)));
  return { ...v, nodes: v.nodes.filter((n) => !known(n)) };
}

/**
 * Every page a journey passes: axe-core at desktop and at phone width, a check that the page
 * does not scroll sideways on a phone, and a full-page screenshot of each width for people to
 * look at. What is found is collected (page, width, rule, target) and asserted once at the end
 * of a test, so one run lists every problem rather than the first.
 */
export class PageChecks {
  readonly problems: string[] = [];
  readonly checked: string[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly screenshots: string) {
    mkdirSync(screenshots, { recursive: true });
  }

  private readonly withoutScripts = new WeakSet<BrowserContext>();

  /** A context made with javaScriptEnabled: false: axe cannot run in its pages (nothing may run there). */
  noScriptsIn(context: BrowserContext): void {
    this.withoutScripts.add(context);
  }

  /** Checks the page as it is now under `name` (once per name: a page seen again is not checked again). */
  async check(page: Page, name: string): Promise<void> {
    if (this.seen.has(name)) return;
    if (this.withoutScripts.has(page.context())) return this.checkAsWithoutScripts(page, name);
    this.seen.add(name);
    this.checked.push(name);
    if (process.env.DEBUG_JOURNEY) console.log(`${new Date().toISOString()} checking ${name}`);
    const file = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    const original = page.viewportSize() ?? DESKTOP;
    for (const [width, viewport] of WIDTHS) {
      await page.setViewportSize(viewport);
      // Legacy mode runs axe.run() in the page itself: these pages have no frames, and the default
      // (runPartial, then finishRun in a blank page opened for it) costs a page per check.
      const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).setLegacyMode(true).analyze();
      for (const v of results.violations.map(withoutKnownGovukIssue).filter((v) => v.nodes.length > 0)) {
        const targets = v.nodes.map((n) => `      ${n.target.join(' ')}`).join('\n');
        this.problems.push(`${name} (${width}): ${v.id} [${v.impact ?? 'no impact'}] ${v.help}\n${targets}`);
      }
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (sideways > 0) this.problems.push(`${name} (${width}): the page scrolls sideways by ${sideways}px`);
      if (SCREENSHOTS) await page.screenshot({ path: join(this.screenshots, `${file}-${width}.png`), fullPage: true });
    }
    await page.setViewportSize(original);
  }

  /**
   * A page seen without JavaScript, checked in a twin: the same person's cookies in a context
   * where axe may run, but the page's own scripts (inline and served) taken out, so it is drawn
   * exactly as without JavaScript (the Actions menu as a row of buttons, every reveal open).
   */
  private async checkAsWithoutScripts(page: Page, name: string): Promise<void> {
    const browser = page.context().browser()!;
    const twin = await browser.newContext({ storageState: await page.context().storageState(), viewport: DESKTOP });
    try {
      await twin.route('**/*', async (route) => {
        const type = route.request().resourceType();
        if (type === 'script') return route.abort();
        if (type !== 'document') return route.continue();
        const response = await route.fetch();
        return route.fulfill({ response, body: (await response.text()).replace(/<script\b[\s\S]*?<\/script>/g, '') });
      });
      const copy = await twin.newPage();
      await copy.goto(page.url());
      await this.check(copy, name);
    } finally {
      await twin.close();
    }
  }
}
