import type { PublicContactKind } from '../../../public/publicContactAnswers.ts';
import type { PublicContactDraft } from './schema.ts';

/**
 * The three journeys as lists of question pages: which pages each asks, in order, where each
 * lives, when it applies and when it is answered. Pure: the routes walk these lists.
 */
export type PageKey = 'who' | 'consent' | 'service' | 'what' | 'putRight' | 'attachments' | 'details' | 'contactBy' | 'adjustments';

export const JOURNEYS: Record<PublicContactKind, readonly PageKey[]> = {
  complaint: ['who', 'consent', 'service', 'what', 'putRight', 'attachments', 'details', 'contactBy', 'adjustments'],
  compliment: ['service', 'what', 'details'],
  comment: ['service', 'what', 'details'],
};

const SLUGS: Record<PageKey, string> = {
  who: 'who', consent: 'consent', service: 'service', what: 'what-happened', putRight: 'put-right',
  attachments: 'attachments', details: 'your-details', contactBy: 'how-to-contact-you', adjustments: 'adjustments',
};

/** What the journey needs to know beyond the answers: whether files can be attached (a virus scanner is configured). */
export interface JourneyEnv { attachments: boolean }

const APPLIES: Partial<Record<PageKey, (d: PublicContactDraft, env: JourneyEnv) => boolean>> = {
  consent: (d) => d.who?.forSomeoneElse === true,
  attachments: (_d, env) => env.attachments,
};

const DONE: Record<PageKey, (d: PublicContactDraft) => boolean> = {
  who: (d) => Boolean(d.who),
  consent: (d) => d.consent === true,
  service: (d) => Boolean(d.service),
  what: (d) => Boolean(d.what),
  putRight: (d) => Boolean(d.putRight),
  attachments: (d) => d.attachmentsDone === true,
  details: (d) => Boolean(d.details),
  contactBy: (d) => Boolean(d.contactBy),
  adjustments: (d) => Boolean(d.adjustments),
};

export class Journey {
  constructor(readonly kind: PublicContactKind, readonly root: string, readonly env: JourneyEnv) {}

  get base(): string { return `${this.root}/${this.kind}`; }
  get check(): string { return `${this.base}/check`; }
  get confirmation(): string { return `${this.base}/confirmation`; }
  get pages(): readonly PageKey[] { return JOURNEYS[this.kind]; }

  /** The first page lives at the journey's own address (<root>/complaint). */
  path(key: PageKey): string {
    return this.pages[0] === key ? this.base : `${this.base}/${SLUGS[key]}`;
  }

  applies(key: PageKey, d: PublicContactDraft): boolean {
    return APPLIES[key]?.(d, this.env) ?? true;
  }

  done(key: PageKey, d: PublicContactDraft): boolean {
    return DONE[key](d);
  }

  /** The first page that applies and is not answered yet; null when every answer is in (check your answers). */
  firstMissing(d: PublicContactDraft): PageKey | null {
    return this.pages.find((k) => this.applies(k, d) && !this.done(k, d)) ?? null;
  }

  next(key: PageKey, d: PublicContactDraft): PageKey | null {
    return this.pages.slice(this.pages.indexOf(key) + 1).find((k) => this.applies(k, d)) ?? null;
  }

  previous(key: PageKey, d: PublicContactDraft): PageKey | null {
    return this.pages.slice(0, this.pages.indexOf(key)).reverse().find((k) => this.applies(k, d)) ?? null;
  }

  /** Is `key` after the first unanswered page (so not to be shown yet)? */
  ahead(key: PageKey, d: PublicContactDraft): PageKey | null {
    const missing = this.firstMissing(d);
    return missing && this.pages.indexOf(missing) < this.pages.indexOf(key) ? missing : null;
  }
}
