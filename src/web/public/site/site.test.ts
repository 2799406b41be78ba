import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase, newTestCouncil } from '../../../../test/support/testDatabase.ts';
import { createApp } from '../../app.ts';

/** A council's public front door: no sign-in, its languages, the switch remembered, never a way elsewhere. */

const db = await useTestDatabase();
const english = await newTestCouncil(db);
const welsh = await newTestCouncil(db, { nation: 'wales' });
const app = await createApp({ db, clock: { now: () => new Date('2026-11-30T10:00:00Z') } });
const get = (url: string, cookie = '') => app.inject({ url, headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) } });

test('the start page needs no sign-in and offers the four things a resident can do', async () => {
  const page = await get(`/public/${english.slug}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<html lang="en"/);
  for (const path of ['complaint', 'compliment', 'comment', 'track', 'accessibility', 'privacy']) {
    assert.match(page.body, new RegExp(`href="/public/${english.slug}/${path}"`));
  }
  assert.doesNotMatch(page.body, /app-language-switch/, 'an English council offers English only');
  assert.equal((await get(`/public/${english.slug}/accessibility`)).statusCode, 200);
  assert.equal((await get(`/public/${english.slug}/privacy`)).statusCode, 200);
  assert.equal((await get('/public/no-such-council')).statusCode, 404);
  assert.equal((await get('/public/NOT_A_SLUG!')).statusCode, 404);
});

test('a Welsh council offers both languages; the choice is remembered and the page comes back in Welsh', async () => {
  const first = await get(`/public/${welsh.slug}/privacy`);
  assert.match(first.body, /<html lang="en"/);
  assert.match(first.body, new RegExp(`href="/public/${welsh.slug}/language/cy\\?back=%2Fpublic%2F${welsh.slug}%2Fprivacy" hreflang="cy" lang="cy">Cymraeg</a>`));
  const chosen = await get(`/public/${welsh.slug}/language/cy?back=${encodeURIComponent(`/public/${welsh.slug}/privacy`)}`);
  assert.equal(chosen.statusCode, 303);
  assert.equal(chosen.headers.location, `/public/${welsh.slug}/privacy`);
  const cookie = String(chosen.headers['set-cookie']).split(';')[0]!;
  assert.match(String(chosen.headers['set-cookie']), new RegExp(`Path=/public/${welsh.slug}; .*HttpOnly`));
  const again = await get(`/public/${welsh.slug}/privacy`, cookie);
  assert.match(again.body, /<html lang="cy"/);
  assert.match(again.body, /<h1 class="govuk-heading-l">Hysbysiad preifatrwydd<\/h1>/);
  assert.match(again.body, /Neidio i’r prif gynnwys/);
  assert.match(again.body, new RegExp(`href="/public/${welsh.slug}/language/en\\?back=[^"]+" hreflang="en" lang="en">English</a>`));
});

test("the switch goes back only to the same council's pages, and refuses a language the council does not offer", async () => {
  for (const back of ['https://evil.example/', '//evil.example', `/public/${english.slug}`, `/public/${welsh.slug}/../../cases`, '/cases']) {
    const res = await get(`/public/${welsh.slug}/language/en?back=${encodeURIComponent(back)}`);
    assert.equal(res.statusCode, 303, back);
    assert.equal(res.headers.location, `/public/${welsh.slug}`, back);
  }
  assert.equal((await get(`/public/${english.slug}/language/cy`)).statusCode, 404);
  assert.equal((await get(`/public/${welsh.slug}/language/fr`)).statusCode, 404);
  assert.equal((await get(`/public/${welsh.slug}/language/en?back=x&other=1`)).statusCode, 400);
});
