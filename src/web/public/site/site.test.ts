import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase, newTestCouncil } from '../../../../test/support/testDatabase.ts';
import cookie from '@fastify/cookie';
import { createApp } from '../../app.ts';
import { LANGUAGE_COOKIE } from '../publicSite.ts';
import { resident } from '../contact/residentClient.ts';

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

/** A resident of the Welsh council who chose Welsh: their own address (rate limits count by address) and the language cookie. */
async function welshResident(address: string) {
  const r = resident(app, address);
  await r.get(`/public/${welsh.slug}/language/cy`);
  return r;
}
const publicLayout = (body: string, council: { name: string; slug: string }) => {
  assert.match(body, new RegExp(`<a class="app-council-header__name" href="/public/${council.slug}">\\s*${council.name}`), 'the council’s own header');
  assert.doesNotMatch(body, /Sign out|Allgofnodi|govuk-service-navigation/, 'no staff header');
  assert.match(body, new RegExp(`href="/public/${council.slug}/accessibility"`), 'the public footer');
};

test('a page that is not there, under a council’s public pages, is that council’s page in the resident’s language', async () => {
  const r = await welshResident('203.0.113.1');
  const missing = await r.get(`/public/${welsh.slug}/no-such-page`);
  assert.equal(missing.statusCode, 404);
  assert.match(missing.body, /<html lang="cy"/);
  assert.match(missing.body, /<h1 class="govuk-heading-l">Heb ddod o hyd i’r dudalen<\/h1>/);
  assert.match(missing.body, new RegExp(`<a class="govuk-link" href="/public/${welsh.slug}">Mynd i’r dudalen gychwyn</a>`));
  assert.match(missing.body, /hreflang="en" lang="en">English</, 'the language switch is there too');
  publicLayout(missing.body, welsh);
  // A route's own "not found" (a language the council does not offer) is shown the same way.
  const refused = await r.get(`/public/${welsh.slug}/language/fr`);
  assert.equal(refused.statusCode, 404);
  assert.match(refused.body, /<html lang="cy"[\s\S]*Heb ddod o hyd i’r dudalen/);

  const inEnglish = await get(`/public/${english.slug}/no-such-page`);
  assert.equal(inEnglish.statusCode, 404);
  assert.match(inEnglish.body, /<html lang="en"[\s\S]*<h1 class="govuk-heading-l">Page not found<\/h1>/);
  publicLayout(inEnglish.body, english);
});

test('an unknown council, or a monitor asking for JSON, gets the plain not-found answer (loading the council never fails the error page)', async () => {
  const unknown = await get('/public/no-such-council/complaint');
  assert.equal(unknown.statusCode, 404);
  assert.match(unknown.body, /Page not found/);
  assert.doesNotMatch(unknown.body, /app-language-switch/);
  const json = await app.inject({ url: `/public/${welsh.slug}/no-such-page`, headers: { accept: 'application/json' } });
  assert.equal(json.statusCode, 404);
  assert.equal(json.json().error, 'Page not found');
});

test('too many forms sent from one address: the 429 page in Welsh says to wait an hour or contact the council by telephone', async () => {
  const r = await welshResident('203.0.113.2');
  await r.get(`/public/${welsh.slug}/comment`);
  let limited = await r.post(`/public/${welsh.slug}/comment/check`, {});
  for (let i = 0; i < 10 && limited.statusCode !== 429; i++) limited = await r.post(`/public/${welsh.slug}/comment/check`, {});
  assert.equal(limited.statusCode, 429);
  assert.match(limited.body, /<html lang="cy"/);
  assert.match(limited.body, /<h1 class="govuk-heading-l">Mae’n ddrwg gennym, bu gormod o ymdrechion<\/h1>/);
  assert.match(limited.body, /Arhoswch awr, yna rhowch gynnig arall arni\./);
  assert.match(limited.body, /cysylltwch â’r cyngor dros y ffôn neu drwy lythyr/);
  publicLayout(limited.body, welsh);
});

test('a form sent without its CSRF token is refused in the resident’s language', async () => {
  const r = await welshResident('203.0.113.3');
  await r.get(`/public/${welsh.slug}/comment`);
  const refused = await r.post(`/public/${welsh.slug}/comment`, { service: 'notSure' }, { csrf: 'forged' });
  assert.equal(refused.statusCode, 403);
  assert.match(refused.body, /<html lang="cy"[\s\S]*Nid oedd modd anfon eich ffurflen/);
  publicLayout(refused.body, welsh);
});

test('something unexpected on a public page: the 500 page in Welsh, with a reference to quote and nothing of the failure', async () => {
  const broken = await createApp({ db, clock: { now: () => new Date('2026-11-30T10:00:00Z') } });
  // A public page that fails as a bug would: registered here, with the cookies every public page reads.
  await broken.register(async (scope) => {
    await scope.register(cookie);
    scope.get('/public/:council/broken', async () => { throw new Error('relation "secret_table" does not exist'); });
  });
  const failed = await broken.inject({ url: `/public/${welsh.slug}/broken`, headers: { accept: 'text/html', cookie: `${LANGUAGE_COOKIE}=cy` } });
  assert.equal(failed.statusCode, 500);
  assert.match(failed.body, /<html lang="cy"/);
  assert.match(failed.body, /Mae’n ddrwg gennym, mae problem gyda’r gwasanaeth/);
  assert.match(failed.body, /nid yw wedi’i hanfon oni bai eich bod wedi gweld tudalen gyda’ch cyfeirnod/);
  assert.match(failed.body, /dyfynnwch: [0-9a-f-]{36}/);
  assert.doesNotMatch(failed.body, /secret_table/);
  publicLayout(failed.body, welsh);
  await broken.close();
});
