import type { FastifyInstance } from 'fastify';
import type { Services } from '../app.ts';
import { listCouncils } from '../../councils/councilRepository.ts';
import { contactCounts, listContacts } from '../../contacts/contactQueries.ts';
import { vocabularyLabel } from '../../domain/cases/vocabulary.ts';

const PAGE_SIZE = 50;
const dateFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
const formatDate = (iso: string) => dateFormat.format(new Date(`${iso}T00:00:00Z`));

/** Rows labelled by kind or route, a column per reporting year (the first header names the labels: no empty header cell). */
function yearTable(label: string, years: string[], counts: Record<string, Record<string, number>>) {
  const head = [{ text: label }, ...years.map((y) => ({ text: y, format: 'numeric' }))];
  const rows = Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, byYear]) => [{ text: vocabularyLabel(label) }, ...years.map((y) => ({ text: String(byYear[y] ?? 0), format: 'numeric' }))]);
  return { head, rows };
}

/** A plain list of contacts with counts; the caseworking screens replace it in a later issue. */
export const contactRoutes = (services: Services) => async (app: FastifyInstance) => {
  app.get<{ Querystring: { council?: string; page?: string } }>('/contacts', async (request, reply) => {
    const councils = await listCouncils(services.db.pool);
    const council = councils.find((c) => c.slug === request.query.council) ?? councils[0] ?? null;
    const page = Math.max(1, Number.parseInt(request.query.page ?? '1', 10) || 1);
    const context: Record<string, unknown> = { title: 'Contacts', nav: 'contacts', council, councils };
    if (council) {
      const [counts, list] = await Promise.all([
        contactCounts(services.db.pool, council.id),
        listContacts(services.db.pool, council.id, page, PAGE_SIZE),
      ]);
      const pages = Math.max(1, Math.ceil(list.total / PAGE_SIZE));
      const href = (p: number) => `/contacts?council=${encodeURIComponent(council.slug)}&page=${p}`;
      Object.assign(context, {
        councilItems: councils.map((c) => ({ value: c.slug, text: c.name, selected: c.id === council.id })),
        kindTable: yearTable('Kind', counts.years, counts.byKind),
        routeTable: yearTable('Route', counts.years, counts.byRoute),
        total: list.total,
        listRows: list.items.map((c) => [
          { text: c.reference },
          { text: vocabularyLabel(c.kind) },
          { text: formatDate(c.receivedOn) },
          { text: c.procedure ? vocabularyLabel(c.procedure) : '' },
          { text: c.route ? vocabularyLabel(c.route) : '' },
          { text: c.directorate ?? '' },
          { text: c.status ? vocabularyLabel(c.status) : '' },
        ]),
        pagination: {
          previous: page > 1 ? { href: href(page - 1) } : undefined,
          next: page < pages ? { href: href(page + 1) } : undefined,
          items: [...new Set([1, page - 1, page, page + 1, pages])]
            .filter((p) => p >= 1 && p <= pages)
            .sort((a, b) => a - b)
            .map((p) => ({ number: p, href: href(p), current: p === page })),
        },
      });
    }
    return reply.view('contacts.njk', context);
  });
};
