/**
 * The procedure catalogue: each complaints procedure a council can adopt, as data. The
 * deadline code never branches on a procedure key; it only reads these tables. A council
 * that adopts different timescales stores its own copy (see types.ts).
 *
 * Where a timescale is not stated in the source, `source` says plainly that the value is a
 * default the council sets in its own copy, so the case page and the report's method note say so too.
 */
import type { ProcedureDefinition, StageDefinition, Timescale } from './types.ts';

const wd = (amount: number): Timescale => ({ amount, unit: 'working_days' });
const cd = (amount: number): Timescale => ({ amount, unit: 'calendar_days' });
const months = (amount: number): Timescale => ({ amount, unit: 'months' });

/** A stage with the common defaults (clock from receipt, no extension, no outer limit, no window). */
function stage(number: number, name: string, s: Partial<Omit<StageDefinition, 'number' | 'name'>>): StageDefinition {
  return {
    number,
    name,
    acknowledge: null,
    respond: null,
    respondFrom: 'receipt',
    maxExtension: null,
    outerLimit: null,
    escalationWindow: null,
    ...s,
  };
}

/** Complaint Handling Code timescales, shared by the corporate and housing entries. */
function chcStages(): StageDefinition[] {
  return [
    stage(1, 'Stage 1', {
      acknowledge: wd(5), respond: wd(10), respondFrom: 'acknowledgement', maxExtension: wd(10), beyondMaxExtension: 'with_good_reason',
    }),
    stage(2, 'Stage 2', {
      acknowledge: wd(5), acknowledgeFrom: 'request', respond: wd(20), respondFrom: 'acknowledgement', maxExtension: wd(20),
      beyondMaxExtension: 'with_good_reason',
    }),
  ];
}

const CHC_SOURCE =
  'Complaint Handling Code (Local Government and Social Care Ombudsman and Housing Ombudsman joint code, 2024), ' +
  'section 5 (stage 1) and section 6 (stage 2): stage 1 acknowledged within 5 working days of receipt and ' +
  'answered within 10 working days of the acknowledgement; stage 2 acknowledged within 5 working days of the ' +
  'escalation request and answered within 20 working days of the acknowledgement. Extensions of no more than ' +
  '10 (stage 1) / 20 (stage 2) further working days without good reason: a longer one is allowed only with a ' +
  'recorded good reason and is shown as beyond the Code. The Code sets no time limit on asking for stage 2.';

/**
 * The 2009 regulations' single stage, also used for public health complaints (applied to
 * local authorities' public health functions by SI 2012/3094).
 */
function adultsStatutoryStages(): StageDefinition[] {
  // Reg. 13(2): acknowledged within 3 working days of receipt. Reg. 14(4): the response is due
  // within 6 months of receipt "or such longer period as may be agreed before the expiry of
  // that period": any later date agreed while the current one runs, with no maximum.
  return [stage(1, 'Complaint', { acknowledge: wd(3), respond: months(6), maxExtension: null, beyondMaxExtension: 'agreed' })];
}

const ADULTS_SOURCE =
  'Local Authority Social Services and National Health Service Complaints (England) Regulations 2009 (SI ' +
  '2009/309): acknowledged within 3 working days of receipt (reg. 13(2)); the response is due within 6 months ' +
  'of receipt, or such longer period as is agreed with the complainant before that period ends (reg. 14(4)). ' +
  'One stage, then the Ombudsman.';

export const procedureCatalogue: readonly ProcedureDefinition[] = deepFreeze([
  {
    key: 'chc-corporate',
    code: 'corporate',
    name: 'Corporate complaints (Complaint Handling Code)',
    source: CHC_SOURCE,
    ombudsman: 'lgsco',
    stages: chcStages(),
  },
  {
    key: 'housing-ombudsman-code',
    code: 'housing',
    name: 'Housing complaints (Housing Ombudsman Complaint Handling Code)',
    source:
      'Housing Ombudsman Complaint Handling Code (statutory for social landlords from 1 April 2024), sections 5 ' +
      '(stage 1) and 6 (stage 2): the same timescales as the joint code — acknowledge within 5 working days; ' +
      'respond within 10 (stage 1) / 20 (stage 2) working days of the acknowledgement; extensions up to 10 / 20 ' +
      'further working days.',
    ombudsman: 'housing_ombudsman',
    stages: chcStages(),
  },
  {
    key: 'public-health-statutory',
    code: 'public_health',
    name: 'Public health complaints (2009 regulations, as for adult social care)',
    source:
      'Public health complaints follow the adult social care model: the NHS Bodies and Local Authorities ' +
      '(Partnership Arrangements, Care Trusts, Public Health and Local Healthwatch) Regulations 2012 (SI 2012/3094) ' +
      'apply the 2009 complaints regulations to local authorities\' public health functions. ' + ADULTS_SOURCE,
    ombudsman: 'lgsco',
    stages: adultsStatutoryStages(),
  },
  {
    key: 'public-health-corporate',
    code: 'public_health',
    name: 'Public health complaints (corporate procedure, Complaint Handling Code timescales) — a council\'s own choice',
    source:
      'Not the statutory route: a council that chooses to handle public health complaints under its corporate ' +
      'procedure and report them in their own section. Statutory public health complaints follow the 2009 ' +
      'regulations (public-health-statutory). ' + CHC_SOURCE,
    ombudsman: 'lgsco',
    stages: chcStages(),
  },
  {
    key: 'cheshire-west-corporate',
    code: 'corporate',
    name: 'Cheshire West and Chester corporate complaints procedure',
    source:
      'Cheshire West and Chester Council, Corporate Complaints and Compliments Annual Report 2023–24, section 1: ' +
      'the service contacts the customer within 5 working days (modelled as the stage 1 acknowledgement); formal ' +
      'stage 1 written answer within 20 working days; stage 2 requested within 20 working days of the stage 1 ' +
      'response and answered within 40 working days. The report gives no stage 2 acknowledgement time: the 5 ' +
      'working days here is a default the council sets in its own copy. Urgent complaints (5 working days) are ' +
      'not modelled here.',
    ombudsman: 'lgsco',
    stages: [
      stage(1, 'Stage 1', { acknowledge: wd(5), respond: wd(20), escalationWindow: wd(20) }),
      stage(2, 'Stage 2', { acknowledge: wd(5), respond: wd(40) }),
    ],
  },
  {
    key: 'staffordshire-corporate',
    code: 'corporate',
    name: 'Staffordshire corporate complaints procedure',
    source:
      'Staffordshire County Council, Corporate Complaints Procedure Annual Report 2023–24 (flow chart): stage 1 ' +
      'investigation 20 working days, stage 2 review 25 working days (informal resolution, 10 working days, is a ' +
      'triage route, not a stage). The report states no acknowledgement times: the 5 working days at each ' +
      'stage is a default the council sets (change it in the council\'s copy).',
    ombudsman: 'lgsco',
    stages: [
      stage(1, 'Stage 1 investigation', { acknowledge: wd(5), respond: wd(20) }),
      stage(2, 'Stage 2 review', { acknowledge: wd(5), respond: wd(25) }),
    ],
  },
  {
    key: 'wolverhampton-corporate',
    code: 'corporate',
    name: 'City of Wolverhampton corporate complaints policy',
    source:
      'City of Wolverhampton Council, Annual Complaints Report 2022–23: corporate complaints answered within 21 ' +
      'calendar days; the same 21 calendar days is applied to stage 2. The report states no acknowledgement times: ' +
      'the 5 working days at each stage is a default the council sets (change it in the council\'s copy).',
    ombudsman: 'lgsco',
    stages: [
      stage(1, 'Stage 1', { acknowledge: wd(5), respond: cd(21) }),
      stage(2, 'Stage 2', { acknowledge: wd(5), respond: cd(21) }),
    ],
  },
  {
    key: 'children-statutory',
    code: 'children_statutory',
    name: "Children's social care statutory complaints (Children Act 1989)",
    source:
      'Children Act 1989 Representations Procedure (England) Regulations 2006 (SI 2006/1738) and the statutory ' +
      'guidance "Getting the Best from Complaints" (2006): stage 1 (local resolution) 10 working days, extendable ' +
      'to 20 in all (reg. 14); stage 2 (investigation) 25 working days, extendable to 65 in all (reg. 17); stage 3 ' +
      'review panel meets within 30 working days of the request (reg. 19(4)), sends its report within 5 working ' +
      'days of the meeting (reg. 20(1)), and the council responds within 15 working days of the report (reg. ' +
      '20(3)). Stage 2 and stage 3 must be requested within 20 working days of the previous response. ' +
      'Acknowledgement within 2 working days at each stage (the guidance; at stage 3 counted from the request).',
    ombudsman: 'lgsco',
    stages: [
      stage(1, 'Stage 1 (local resolution)', { acknowledge: wd(2), respond: wd(10), maxExtension: wd(10), escalationWindow: wd(20) }),
      stage(2, 'Stage 2 (investigation)', { acknowledge: wd(2), respond: wd(25), maxExtension: wd(40), escalationWindow: wd(20) }),
      stage(3, 'Stage 3 (review panel)', {
        acknowledge: wd(2),
        acknowledgeFrom: 'request',
        steps: [
          { key: 'panel', name: 'the review panel meeting', within: wd(30), from: 'request' },
          { key: 'panel_report', name: "the panel's report", within: wd(5), from: 'step:panel' },
        ],
        respond: wd(15),
        respondFrom: 'step:panel_report',
      }),
    ],
  },
  {
    key: 'adults-statutory',
    code: 'adults_statutory',
    name: 'Adult social care statutory complaints (2009 regulations)',
    source: ADULTS_SOURCE,
    ombudsman: 'lgsco',
    stages: adultsStatutoryStages(),
  },
  {
    key: 'wales-social-services',
    code: 'adults_statutory',
    name: 'Social services complaints (Wales)',
    source:
      'Social Services Complaints Procedure (Wales) Regulations 2014 (SI 2014/1794) and the Welsh Government ' +
      'guidance "A Guide to Handling Complaints and Representations by Local Authority Social Services" (2014): ' +
      'acknowledged within 2 working days; stage 1 local resolution: a discussion with the complainant within 10 ' +
      'working days of the acknowledgement (longer if agreed with the complainant), and the written resolution ' +
      'within 5 working days of the discussion; stage 2 formal investigation answered within 25 working days of ' +
      'the request, or a later date given with reasons. A complainant may ask for stage 2 at once. The ' +
      'regulations give no acknowledgement time for the stage 2 request: the 5 working days here is a default ' +
      'the council sets in its own copy. Covers children and adults; filed under adults_statutory.',
    ombudsman: 'psow',
    stages: [
      stage(1, 'Stage 1 (local resolution)', {
        acknowledge: wd(2),
        steps: [{ key: 'discussion', name: 'the discussion with the complainant', within: wd(10), from: 'acknowledgement' }],
        respond: wd(5),
        respondFrom: 'step:discussion',
        beyondMaxExtension: 'agreed',
      }),
      stage(2, 'Stage 2 (formal investigation)', {
        acknowledge: wd(5), acknowledgeFrom: 'request', respond: wd(25), respondFrom: 'request', beyondMaxExtension: 'agreed',
      }),
    ],
  },
  {
    key: 'psow-model',
    code: 'corporate',
    name: 'Welsh public bodies model complaints policy',
    source:
      'Public Services Ombudsman for Wales, Model Complaints Policy (adopted by Welsh councils under the Complaints ' +
      'Standards Authority): stage 1 informal resolution aimed at within 10 working days; stage 2 formal ' +
      'investigation acknowledged within 5 working days and answered within 20 working days. The policy allows a ' +
      'longer time with reasons and a new date but sets no maximum, so no extension limit is modelled.',
    ombudsman: 'psow',
    stages: [
      stage(1, 'Stage 1 (informal resolution)', { respond: wd(10) }),
      stage(2, 'Stage 2 (formal investigation)', { acknowledge: wd(5), respond: wd(20) }),
    ],
  },
  {
    key: 'spso-model',
    code: 'corporate',
    name: 'Scottish local authority Model Complaints Handling Procedure',
    source:
      'Scottish Public Services Ombudsman, Local Authority Model Complaints Handling Procedure (2020): stage 1 ' +
      'frontline response within 5 working days, extendable to 10 in all; stage 2 investigation acknowledged ' +
      'within 3 working days and answered within 20 working days (longer only in exceptional circumstances, no ' +
      'fixed maximum, so no extension limit is modelled). Stage 2 may be asked for within 6 months of the events ' +
      '(or of learning of them) or 2 months after the stage 1 response, whichever is later (Part 2, time limits); ' +
      'where the date of the events is not recorded, the date of receipt stands in for it.',
    ombudsman: 'spso',
    stages: [
      stage(1, 'Stage 1 (frontline response)', {
        respond: wd(5), maxExtension: wd(5), escalationWindow: months(2), escalationWindowFromEvents: months(6),
      }),
      stage(2, 'Stage 2 (investigation)', { acknowledge: wd(3), respond: wd(20) }),
    ],
  },
  {
    key: 'nipso-model',
    code: 'corporate',
    name: 'Northern Ireland Model Complaints Handling Procedure',
    source:
      'Northern Ireland Public Services Ombudsman, Model Complaints Handling Procedure, which follows the SPSO ' +
      'two-stage model: stage 1 early resolution within 5 working days, extendable to 10 in all; stage 2 ' +
      'investigation acknowledged within 3 working days and answered within 20 working days. Timescales are from ' +
      'the published model as understood when this catalogue was written; councils still on an older local ' +
      'procedure should adopt their own timescales. As in the SPSO model, stage 2 may be asked for within 6 ' +
      'months of the events or 2 months after the stage 1 response, whichever is later (the date of receipt ' +
      'stands in for the events where they are not recorded).',
    ombudsman: 'nipso',
    stages: [
      stage(1, 'Stage 1 (early resolution)', {
        respond: wd(5), maxExtension: wd(5), escalationWindow: months(2), escalationWindowFromEvents: months(6),
      }),
      stage(2, 'Stage 2 (investigation)', { acknowledge: wd(3), respond: wd(20) }),
    ],
  },
]);

/** The catalogue entry with this key, or undefined. */
export function findProcedure(key: string): ProcedureDefinition | undefined {
  return procedureCatalogue.find((p) => p.key === key);
}

/** Catalogue entries are shared by every caller, so freeze them: a council's own copy is a structuredClone. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
