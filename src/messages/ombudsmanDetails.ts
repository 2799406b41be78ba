import type { Nation } from '../domain/calendar/bankHolidays.ts';
import type { ProcedureCode, ProcedureDefinition } from '../domain/procedures/types.ts';
import type { Language } from './templates.ts';

export type Ombudsman = ProcedureDefinition['ombudsman'];

/** How a resident reaches an Ombudsman, as a message to them says it. */
export interface OmbudsmanDetails {
  name: string;
  website: string;
  phone: string;
}

// The same names, websites and numbers as the staff screens (src/web/locales/en/caseDecisions.json,
// checked by test/messages/caseMessages.test.ts); PSOW has a Welsh website of its own.
const DETAILS: Record<Ombudsman, Record<Language, OmbudsmanDetails>> = {
  lgsco: {
    en: { name: 'Local Government and Social Care Ombudsman', website: 'www.lgo.org.uk', phone: '0300 061 0614' },
    cy: { name: 'Ombwdsmon Llywodraeth Leol a Gofal Cymdeithasol', website: 'www.lgo.org.uk', phone: '0300 061 0614' },
  },
  housing_ombudsman: {
    en: { name: 'Housing Ombudsman', website: 'www.housing-ombudsman.org.uk', phone: '0300 111 3000' },
    cy: { name: 'Ombwdsmon Tai', website: 'www.housing-ombudsman.org.uk', phone: '0300 111 3000' },
  },
  psow: {
    en: { name: 'Public Services Ombudsman for Wales', website: 'www.ombudsman.wales', phone: '0300 790 0203' },
    cy: { name: 'Ombwdsmon Gwasanaethau Cyhoeddus Cymru', website: 'www.ombwdsmon.cymru', phone: '0300 790 0203' },
  },
  spso: {
    en: { name: 'Scottish Public Services Ombudsman', website: 'www.spso.org.uk', phone: '0800 377 7330' },
    cy: { name: 'Ombwdsmon Gwasanaethau Cyhoeddus yr Alban', website: 'www.spso.org.uk', phone: '0800 377 7330' },
  },
  nipso: {
    en: { name: 'Northern Ireland Public Services Ombudsman', website: 'www.nipso.org.uk', phone: '0800 34 34 24' },
    cy: { name: 'Ombwdsmon Gwasanaethau Cyhoeddus Gogledd Iwerddon', website: 'www.nipso.org.uk', phone: '0800 34 34 24' },
  },
};

/**
 * Which Ombudsman a resident goes to after the council's last stage: in Wales, Scotland and
 * Northern Ireland the nation's public services ombudsman for everything; in England the
 * Housing Ombudsman for a landlord's housing complaints and the LGSCO for the rest. Pure.
 */
export function whichOmbudsman(nation: Nation, procedure: ProcedureCode | null): Ombudsman {
  switch (nation) {
    case 'wales': return 'psow';
    case 'scotland': return 'spso';
    case 'northern_ireland': return 'nipso';
    case 'england': return procedure === 'housing' ? 'housing_ombudsman' : 'lgsco';
  }
}

export function ombudsmanDetails(ombudsman: Ombudsman, language: Language): OmbudsmanDetails {
  return DETAILS[ombudsman][language];
}
