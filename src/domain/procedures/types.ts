import type { ProcedureCodeValue } from '../cases/vocabulary.ts';

/**
 * A procedure is data: a table of stages with their timescales. Councils choose from the
 * catalogue (catalogue.ts) and may adopt their own timescales; the chosen definition is
 * stored with the council so deadlines never change because the code did.
 */

/** The procedure families, one per report section (the list lives in cases/vocabulary.ts). */
export type ProcedureCode = ProcedureCodeValue;

/** How a timescale is counted. */
export type TimescaleUnit = 'working_days' | 'calendar_days' | 'months';

export interface Timescale {
  amount: number;
  unit: TimescaleUnit;
}

/**
 * What a clock starts from: 'receipt' is the stage opening (the complaint's receipt at stage
 * 1, the acceptance of a request later); 'request' the date the complainant asked for the
 * stage (the Code's stage 2, the Welsh formal investigation, the children's review panel);
 * 'acknowledgement' the acknowledgement; `step:<key>` a step of the stage (the Welsh
 * discussion, the panel's report). Until the thing it starts from has happened, the clock
 * runs from that thing's own deadline, the latest it may happen.
 */
export type ClockStart = 'receipt' | 'acknowledgement' | 'request' | `step:${string}`;

/**
 * A dated step inside a stage before its response, with its own deadline: the Welsh stage 1
 * discussion, the children's review panel meeting and its report.
 */
export interface StepDefinition {
  /** Stable key, e.g. 'discussion', 'panel', 'panel_report'. */
  key: string;
  /** In the procedure's words, e.g. "Review panel meets". */
  name: string;
  within: Timescale;
  /** What `within` is counted from; a step can only start from the stage or an earlier step. */
  from: ClockStart;
}

/**
 * What happens to an extension beyond `maxExtension`:
 * - 'refused': not allowed (a statutory maximum, e.g. children's stage 2 at 65 working days);
 * - 'with_good_reason': allowed only with a recorded good reason, and marked as beyond the
 *   procedure (the Complaint Handling Code);
 * - 'agreed': any later date agreed with the complainant before the current date passes,
 *   with no maximum (adults' statutory, reg. 14(2) of the 2009 regulations).
 */
export type BeyondMaxExtension = 'refused' | 'with_good_reason' | 'agreed';

export interface StageDefinition {
  /** 1, 2, 3 … in the order a complaint escalates. */
  number: number;
  /** The council's name for it, e.g. "Stage 1 (local resolution)", "Review panel". */
  name: string;
  /** Deadline for the acknowledgement, counted from `acknowledgeFrom`; null = none. */
  acknowledge: Timescale | null;
  /** What the acknowledgement is counted from; absent = the stage opening ('receipt'). */
  acknowledgeFrom?: 'receipt' | 'request';
  /** Steps with their own deadlines before the response; absent = none. */
  steps?: StepDefinition[];
  /** Deadline for the response; null where it is agreed case by case (adults' statutory). */
  respond: Timescale | null;
  /** What `respond` is counted from. */
  respondFrom: ClockStart;
  /** The longest extension that may be agreed, counted on from the original due date; null = none allowed. */
  maxExtension: Timescale | null;
  /** Extensions beyond `maxExtension`; absent = 'refused'. */
  beyondMaxExtension?: BeyondMaxExtension;
  /** Absolute upper bound on the response from the stage opening, whatever is agreed (adults: 6 months). */
  outerLimit: Timescale | null;
  /**
   * How long after this stage's response the complainant may ask for the next stage;
   * null = no time limit stated. Ignored on the last stage.
   */
  escalationWindow: Timescale | null;
  /**
   * Or this long from the events complained about (or when the complainant learned of them),
   * whichever ends later (SPSO and NIPSO: 6 months from the events or 2 months after the
   * stage 1 response); absent = `escalationWindow` alone.
   */
  escalationWindowFromEvents?: Timescale;
}

export interface ProcedureDefinition {
  /** Catalogue key, unique, e.g. 'chc-corporate', 'cheshire-west-corporate', 'children-statutory'. */
  key: string;
  /** Which report section / procedure family it belongs to. */
  code: ProcedureCode;
  name: string;
  /** Where the rules come from, for the case page and the report's method note. */
  source: string;
  /** Ombudsman body complainants go to after the last stage. */
  ombudsman: 'lgsco' | 'housing_ombudsman' | 'psow' | 'spso' | 'nipso';
  stages: StageDefinition[];
}
