import type { Nation } from '../../../domain/calendar/bankHolidays.ts';
import type { OmbudsmanBody } from '../../../domain/cases/vocabulary.ts';
import { t } from '../../i18n.ts';

/**
 * The Ombudsman a complainant goes to when a council's procedure is done, by the council's
 * nation and the procedure: in England, housing complaints go to the Housing Ombudsman and the
 * rest to the Local Government and Social Care Ombudsman; elsewhere the nation's ombudsman.
 */
export function defaultOmbudsman(nation: Nation, procedureCode: string | null): OmbudsmanBody {
  switch (nation) {
    case 'wales': return 'psow';
    case 'scotland': return 'spso';
    case 'northern_ireland': return 'nipso';
    case 'england': return procedureCode === 'housing' ? 'housing_ombudsman' : 'lgsco';
  }
}

/** An Ombudsman's name and how to reach them, from the catalogue. */
export const ombudsmanDetails = (body: OmbudsmanBody) => ({
  body,
  name: t(`caseDecisions.ombudsmen.${body}.name`),
  website: t(`caseDecisions.ombudsmen.${body}.website`),
  phone: t(`caseDecisions.ombudsmen.${body}.phone`),
});

/** An amount of money as typed ("£1,250.50", "1250.5", "1 250"): pounds, or null when it is not one. */
export function parsePounds(typed: string): number | null {
  const plain = typed.trim().replace(/^£\s*/, '').replace(/[,\s]/g, '');
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(plain)) return null;
  const [whole, pence = ''] = plain.split('.');
  return Number(whole) + Number(pence.padEnd(2, '0')) / 100;
}

/** "£1,250.50". */
export const pounds = (amount: number) =>
  `£${amount.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
