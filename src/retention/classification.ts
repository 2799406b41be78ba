/**
 * Every text, JSON and binary column of every table, and what anonymisation does with it
 * (ADR 26). test/retention/classification.test.ts fails when a table or column appears that
 * is not here: whoever adds one decides whether it can hold someone's personal data and, if
 * so, makes anonymiseCase (anonymise.ts) clear it.
 *
 *  - `cleared`: personal or free text; anonymising a case replaces, blanks or deletes it.
 *  - `kept`: not a resident's personal data, with the reason.
 */
export type Treatment = { cleared: string } | { kept: string };

const code = { kept: 'a code from a fixed list' } as const;
const hash = { kept: 'a hash, not reversible' } as const;
const config = { kept: "the council's own configuration" } as const;
const staff = { kept: "staff's own names and accounts: not a resident's data" } as const;
const reference = { kept: 'calendar and reference data' } as const;

export const COLUMN_TREATMENT: Readonly<Record<string, Treatment>> = {
  // The council, its organisation and configuration
  'council.name': config, 'council.slug': config, 'council.nation': code, 'council.reporting_year_starts': config,
  'council.enquiry_target': config, 'council.brand': config, 'council.public_languages': config, 'council.reminder_settings': config,
  'council.report_settings': config,
  'council_procedure.code': code, 'council_procedure.catalogue_key': code, 'council_procedure.definition': config,
  'org_unit.kind': code, 'org_unit.name': config, 'workspace.name': config, 'workspace.name_cy': config, 'complaint_category.name': config,
  'message_wording.template': code, 'message_wording.language': code, 'message_wording.subject': config, 'message_wording.body': config,
  'message_switched_off.template': code, 'reference_counter.prefix': config,
  'retention_policy.record_kind': code,
  'bank_holiday_calendar.division': reference, 'bank_holiday_calendar.version': reference, 'bank_holiday_calendar.source': reference,
  'bank_holiday_calendar.holidays': reference, 'calendar_day.division': reference, 'calendar_day.calendar_version': reference,
  'ombudsman_published_figure.body': code, 'ombudsman_published_figure.measure': code, 'ombudsman_published_figure.source': reference,
  'ombudsman_published_figure.year': reference,
  // The Ombudsman's published data and comparison groups (032): about councils, not people
  'council.ombudsman_authority_code': config, 'ombudsman_benchmark_figure.authority_code': reference,
  'ombudsman_benchmark_figure.authority_name': reference, 'ombudsman_benchmark_figure.body': code, 'ombudsman_benchmark_figure.measure': code,
  'ombudsman_benchmark_figure.source': reference, 'ombudsman_benchmark_figure.year': reference,
  'ombudsman_comparison_group.name': config, 'ombudsman_comparison_member.authority_code': reference,
  'ombudsman_figures_upload.content': { kept: "the Ombudsman's published figures, held for their check page; dropped after a day" },
  'ombudsman_figures_upload.filename': reference, 'ombudsman_figures_upload.kind': code,
  'ombudsman_published_decision.body': code, 'ombudsman_published_decision.category': reference,
  'ombudsman_published_decision.compliance': code, 'ombudsman_published_decision.decision': code,
  'ombudsman_published_decision.match_reference': reference, 'ombudsman_published_decision.ombudsman_reference': reference,
  'ombudsman_published_decision.remedy': { kept: "the Ombudsman's published remedy, which names no one" },
  'ombudsman_published_decision.source': reference,
  // Administration (029, 030) and the Code's self-assessment (028)
  'complaint_category.name_cy': config,
  'org_unit_change.actor': staff, 'org_unit_change.change': code, 'org_unit_change.detail': { kept: 'unit names and dates' },
  'pending_import.summary': { kept: 'counts' },
  'pending_import_file.content': { kept: "an uploaded case history held only until its preview is imported or cancelled (src/caseHistory/uploadedImport.ts)" },
  'pending_import_file.name': reference,
  'self_assessment_provision.actions': config, 'self_assessment_provision.code': code, 'self_assessment_provision.compliance': code,
  'self_assessment_provision.evidence': config, 'self_assessment_provision.provision': code, 'self_assessment_provision.updated_by': staff,
  'self_assessment_provision.year': reference, 'self_assessment_response.code': code, 'self_assessment_response.governing_body': config,
  'self_assessment_response.response': config, 'self_assessment_response.updated_by': staff, 'self_assessment_response.year': reference,
  'schema_migration.name': reference,
  'app_secret.name': { kept: 'an application key, not personal' }, 'app_secret.value': { kept: 'an application key, not personal' },

  // Staff: accounts, sessions, the audit trail
  'staff_member.name': staff, 'staff_member.email': staff, 'staff_member.role': code,
  'user_account.display_name': staff, 'user_account.email': staff, 'user_account.oidc_issuer': staff, 'user_account.oidc_subject': staff,
  'user_account.password_hash': hash, 'council_membership.roles': code,
  'web_session.id': hash,
  'web_session.data': { kept: "a session's half-written form, gone when the session ends (hours); never a closed case's" },
  'audit_entry.actor': staff, 'audit_entry.action': code, 'audit_entry.origin': staff, 'audit_entry.request_id': reference,
  'audit_entry.detail': { kept: 'codes and counts only, never names or typed text (src/events/audit.ts refuses them); append only' },
  'import_run.source': config, 'import_run.actor': staff, 'import_run.counts': { kept: 'counts' },
  'retention_run.actor': staff, 'retention_run.by_kind': { kept: 'counts' },

  // People
  'person.full_name': { cleared: 'becomes "Anonymised" once none of their cases is kept' },
  'person.email': { cleared: 'removed' }, 'person.phone': { cleared: 'removed' }, 'person.address': { cleared: 'removed' },
  'person.reasonable_adjustments': { cleared: 'removed' }, 'person.contact_restriction': { cleared: 'removed' },
  'person.language': { kept: 'a code (en, cy) a report may count' }, 'person.contact_by': code,

  // The case
  'contact.reference': { kept: 'a reference, not personal' }, 'contact.kind': code, 'contact.channel': code, 'contact.procedure_code': code,
  'contact.route': code, 'contact.complainant_group': code, 'contact.flags': code, 'contact.intermediary': code, 'contact.compliment_source': code,
  'contact.language': code, 'contact.response_due_basis': { kept: 'how a deadline was computed: rule and dates' },
  'contact.summary': { cleared: 'free text' }, 'contact.route_reason': { cleared: 'free text' }, 'contact.addressed_to': { cleared: 'a name' },
  'contact_link.kind': code, 'complaint.status': code,
  'complaint_stage.decision': code, 'complaint_stage.outcome': code,
  'complaint_stage.acknowledgement_due_basis': { kept: 'how a deadline was computed' }, 'complaint_stage.due_basis': { kept: 'how a deadline was computed' },
  'complaint_stage.refusal_reason': { cleared: 'free text' }, 'complaint_stage.accepted_directly_reason': { cleared: 'free text' },
  'stage_extension.reason': { cleared: 'free text' }, 'stage_extension.beyond_code_reason': { cleared: 'free text' },
  'stage_pause.reason': { cleared: 'free text' }, 'stage_step.step': code, 'stage_step.due_basis': { kept: 'how a deadline was computed' },
  'complaint_element.summary': { cleared: 'free text' }, 'complaint_element.outcome': code,
  'remedy.kind': code, 'remedy.description': { cleared: 'free text (names who was put right)' },
  'learning_action.description': { cleared: 'free text' }, 'learning_action.owner': staff,
  // The learning action plan (migration 027): what was learnt, the evidence and why not are the officer's words about the case.
  'learning_action.status': code, 'learning_action.lesson': { cleared: 'free text' }, 'learning_action.evidence': { cleared: 'free text' },
  'learning_action.status_reason': { cleared: 'free text' }, 'learning_theme.name': config,
  'behaviour_restriction.restriction': code, 'behaviour_restriction.reason': { cleared: 'free text' },
  'ombudsman_case.body': code, 'ombudsman_case.ombudsman_reference': { kept: "the Ombudsman's reference, not personal" },
  'ombudsman_case.category': { kept: "the Ombudsman's category, counted by the report" }, 'ombudsman_case.decision': code,
  'ombudsman_case.recommended_remedies': code, 'ombudsman_case.path': code, 'ombudsman_case.not_investigated_reason': code,
  'ombudsman_finding.finding': code, 'ombudsman_finding.summary': { cleared: 'free text' },
  // Ombudsman casework (026)
  'ombudsman_case.assessment_outcome': code, 'ombudsman_case.stages': { kept: 'stage numbers' }, 'ombudsman_finding.body_finding': code,
  'ombudsman_information_request.what': { cleared: 'free text' }, 'ombudsman_information_request.documents_sent': { cleared: 'free text' },
  'ombudsman_recommendation.kind': code, 'ombudsman_recommendation.description': { cleared: 'free text' },
  'ombudsman_recommendation.evidence': { cleared: 'free text' },
  'ombudsman_step.step': code, 'ombudsman_step.actor': staff, 'ombudsman_step.data': { kept: 'codes and dates only (src/ombudsman/ombudsmanCasework.ts)' },
  'case_event.type': code, 'case_event.actor': staff, 'case_event.origin': staff,
  'case_event.data': { cleared: 'only dates, codes and numbers are kept' },
  'case_document.filename': { cleared: 'the document is deleted' }, 'case_document.media_type': { cleared: 'the document is deleted' },
  'case_document.sha256': { cleared: 'the document is deleted' }, 'case_document.kind': { cleared: 'the document is deleted' },
  'case_document.description': { cleared: 'the document is deleted' }, 'case_document.content': { cleared: 'the document is deleted' },
  'case_document.uploaded_by': { cleared: 'the document is deleted' },
  'legal_hold.reason': { cleared: 'free text' }, 'legal_hold.placed_by': staff, 'legal_hold.lifted_by': staff,

  // Messages and the public pages
  'message.recipient_name': { cleared: 'becomes "Anonymised"' }, 'message.recipient_address': { cleared: 'removed' },
  'message.subject': { cleared: 'free text' }, 'message.body': { cleared: 'free text' }, 'message.last_error': { cleared: 'may quote an address' },
  'message.template': code, 'message.audience': code, 'message.channel': code, 'message.language': code, 'message.status': code,
  'message.provider': code, 'message.provider_reference': { kept: "the channel's own id" }, 'message.dedupe_key': { kept: 'codes and ids' },
  'tracking_link.token_sha256': { cleared: 'the link is deleted' },
  'public_submission.submission_key': hash,
  'public_upload.id': { kept: 'held only until the form is sent or its session ends (src/public/housekeeping.ts), never on a case' },
  'public_upload.session_id': { kept: 'as public_upload.id' }, 'public_upload.filename': { kept: 'as public_upload.id' },
  'public_upload.media_type': { kept: 'as public_upload.id' }, 'public_upload.sha256': { kept: 'as public_upload.id' },
  'public_upload.content': { kept: 'as public_upload.id' },
};
