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

/** What a stage's response clock starts from. */
export type ClockStart = 'receipt' | 'acknowledgement';

export interface StageDefinition {
  /** 1, 2, 3 … in the order a complaint escalates. */
  number: number;
  /** The council's name for it, e.g. "Stage 1 (local resolution)", "Review panel". */
  name: string;
  /** Deadline for the acknowledgement, counted from the date the stage opened; null = none. */
  acknowledge: Timescale | null;
  /** Deadline for the response; null where it is agreed case by case (adults' statutory). */
  respond: Timescale | null;
  /** What `respond` is counted from. */
  respondFrom: ClockStart;
  /** The longest extension that may be agreed, counted on from the original due date; null = none allowed. */
  maxExtension: Timescale | null;
  /** Absolute upper bound on the response from the stage opening, whatever is agreed (adults: 6 months). */
  outerLimit: Timescale | null;
  /**
   * How long after this stage's response the complainant may ask for the next stage;
   * null = no time limit stated. Ignored on the last stage.
   */
  escalationWindow: Timescale | null;
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
