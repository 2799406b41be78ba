import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addYears, anonymisedEventData, ANONYMISED_TEXT, closedOn, defaultPolicy, dueSummary, recordKindOf, retentionStanding, type RetentionFacts } from '../../src/retention/rules.ts';

const complaint = (over: Partial<RetentionFacts> = {}): RetentionFacts => ({
  contactId: 1, kind: 'complaint', receivedOn: '2018-04-10', route: 'formal', triagedOn: '2018-04-11', respondedOn: null, responseDueOn: null,
  complaintStatus: 'closed', closedOn: '2018-06-01', withdrawnOn: null, lastStageRespondedOn: '2018-05-20',
  ombudsmanCases: 0, ombudsmanOpen: false, ombudsmanLastOn: null, remediesOwed: 0, remediesLastDoneOn: null, onHold: false, anonymised: false,
  ...over,
});
const policy = defaultPolicy();

test('a closed complaint is due six years after it closed, on the day itself and not before', () => {
  assert.deepEqual(retentionStanding(complaint(), policy, '2024-05-31'), { state: 'kept', kind: 'complaint', closedOn: '2018-06-01', dueOn: '2024-06-01' });
  assert.equal(retentionStanding(complaint(), policy, '2024-06-01').state, 'due');
  assert.equal(retentionStanding(complaint(), { ...policy, complaint: 10 }, '2027-01-01').state, 'kept');
});

test('open cases, held cases and anonymised cases are never due', () => {
  for (const status of ['logged', 'triaged', 'stage_open', 'responded', 'escalation_requested']) {
    assert.equal(retentionStanding(complaint({ complaintStatus: status }), policy, '2040-01-01').state, 'open', status);
  }
  assert.equal(retentionStanding(complaint({ onHold: true }), policy, '2040-01-01').state, 'held');
  assert.equal(retentionStanding(complaint({ anonymised: true }), policy, '2040-01-01').state, 'anonymised');
  assert.equal(retentionStanding(complaint({ remediesOwed: 1 }), policy, '2040-01-01').state, 'open', 'a remedy still owed');
  assert.equal(retentionStanding(complaint({ ombudsmanCases: 1, ombudsmanOpen: true }), policy, '2040-01-01').state, 'open', 'the Ombudsman has it');
});

test('closure: withdrawn, triaged to another route, compliments and enquiries; later events move it on', () => {
  assert.equal(closedOn(complaint({ complaintStatus: 'withdrawn', closedOn: null, withdrawnOn: '2019-01-02' })), '2019-01-02');
  assert.equal(closedOn(complaint({ complaintStatus: null, route: 'service_request', triagedOn: '2019-02-03' })), '2019-02-03');
  assert.equal(closedOn(complaint({ complaintStatus: null, route: null })), null, 'never triaged: still open');
  assert.equal(closedOn(complaint({ kind: 'compliment', complaintStatus: null, receivedOn: '2019-03-04' })), '2019-03-04');
  assert.equal(closedOn(complaint({ kind: 'enquiry', complaintStatus: null, responseDueOn: '2019-03-20', respondedOn: null })), null, 'an enquiry awaiting its answer');
  assert.equal(closedOn(complaint({ kind: 'mp_enquiry', complaintStatus: null, responseDueOn: '2019-03-20', respondedOn: '2019-03-18' })), '2019-03-18');
  assert.equal(closedOn(complaint({ ombudsmanCases: 1, ombudsmanLastOn: '2020-02-02', remediesLastDoneOn: '2019-01-01' })), '2020-02-02');
  assert.equal(closedOn(complaint({ remediesLastDoneOn: '2021-07-07' })), '2021-07-07');
});

test('the kind a case is kept as', () => {
  assert.equal(recordKindOf({ kind: 'complaint', ombudsmanCases: 1 }), 'ombudsman_case');
  assert.equal(recordKindOf({ kind: 'councillor_enquiry', ombudsmanCases: 0 }), 'elected_member_enquiry');
  assert.equal(recordKindOf({ kind: 'comment', ombudsmanCases: 0 }), 'comment');
});

test('whole years later, 29 February to 1 March', () => {
  assert.equal(addYears('2018-06-01', 6), '2024-06-01');
  assert.equal(addYears('2020-02-29', 1), '2021-03-01');
  assert.equal(addYears('2020-02-29', 4), '2024-02-29');
});

test('what is due, counted by kind, with the held ones apart', () => {
  const s = dueSummary([complaint(), complaint({ contactId: 2, onHold: true }), complaint({ contactId: 3, kind: 'compliment', complaintStatus: null })], policy, '2030-01-01');
  assert.deepEqual(s.dueIds, [1, 3]);
  assert.equal(s.due.complaint, 1);
  assert.equal(s.due.compliment, 1);
  assert.equal(s.held.complaint, 1);
});

test('event data keeps dates, codes and numbers; names, notes and addresses go', () => {
  const data = { text: 'Mrs Jane Smith rang', route: 'formal', on: '2020-01-01', documentId: 7, filename: 'smith.pdf', to: 'stage_open', names: ['Jane Smith'], nested: { email: 'j@example.org', outcome: 'upheld' }, ok: true, reason: 'coded_but_personal_key' };
  assert.deepEqual(anonymisedEventData(data), {
    text: ANONYMISED_TEXT, route: 'formal', on: '2020-01-01', documentId: 7, filename: ANONYMISED_TEXT, to: 'stage_open', names: [ANONYMISED_TEXT],
    nested: { email: ANONYMISED_TEXT, outcome: 'upheld' }, ok: true, reason: ANONYMISED_TEXT,
  });
});
