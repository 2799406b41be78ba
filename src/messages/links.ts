/**
 * The address staff messages link to: PUBLIC_BASE_URL (config.ts), set once at start. A
 * link names the case by its reference only (nothing personal in a URL); signing in first
 * returns the officer to it (src/web/pipeline/authentication.ts keeps the page asked for).
 */
let base = 'http://localhost:3000';

export function setLinkBase(url: string): void {
  base = url.replace(/\/+$/, '');
}

export const linkBase = (): string => base;
export const caseLink = (reference: string): string => `${base}/cases/${encodeURIComponent(reference)}`;
export const homeLink = (): string => `${base}/`;
