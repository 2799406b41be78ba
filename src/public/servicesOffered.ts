import type { Queryable } from '../db/database.ts';
import type { Language } from '../messages/templates.ts';

/** A service as residents name it: a workspace offered to residents, in their language. */
export interface OfferedService {
  id: number;
  name: string;
}

/** The council's services offered to residents, named in Welsh where the council has a Welsh name (else in English), in the language's order. */
export async function servicesOffered(db: Queryable, councilId: number, language: Language): Promise<OfferedService[]> {
  const { rows } = await db.query<{ id: string; name: string; name_cy: string | null }>(
    'SELECT id, name, name_cy FROM workspace WHERE council_id = $1 AND offered_to_residents', [councilId]);
  const services = rows.map((r) => ({ id: Number(r.id), name: language === 'cy' && r.name_cy ? r.name_cy : r.name }));
  const order = new Intl.Collator(language === 'cy' ? 'cy' : 'en-GB');
  return services.sort((x, y) => order.compare(x.name, y.name));
}
