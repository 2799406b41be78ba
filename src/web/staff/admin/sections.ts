import type { Permission } from '../../../domain/access/roles.ts';

/**
 * The administration home's sections, in the order shown: each is listed only to those with
 * its permission. Words are admin.sections.<key>.title and .description (locales/en/admin.json).
 * One list, as data, so a section can be added or pruned in one line.
 */
export interface AdminSection {
  key: string;
  href: string;
  permission: Permission;
}

export const ADMIN_SECTIONS: readonly AdminSection[] = [
  { key: 'organisation', href: '/admin/organisation', permission: 'administer' },
  { key: 'workspaces', href: '/admin/workspaces', permission: 'administer' },
  { key: 'users', href: '/admin/users', permission: 'administer' },
  { key: 'categories', href: '/admin/categories', permission: 'administer' },
  { key: 'procedures', href: '/admin/procedures', permission: 'administer' },
  { key: 'reports', href: '/admin/reports', permission: 'administer' },
  { key: 'messages', href: '/settings/messages', permission: 'message_settings' },
  { key: 'reminders', href: '/settings/reminders', permission: 'message_settings' },
  { key: 'bankHolidays', href: '/admin/bank-holidays', permission: 'administer' },
  { key: 'import', href: '/admin/import', permission: 'administer' },
  { key: 'ombudsmanFigures', href: '/ombudsman/figures', permission: 'administer' },
  { key: 'retention', href: '/admin/retention', permission: 'records_management' },
  { key: 'subjectAccess', href: '/admin/subject-access', permission: 'records_management' },
  { key: 'audit', href: '/audit', permission: 'view_audit' },
];

/** The sections someone with these permissions may open. */
export const sectionsFor = (permissions: ReadonlySet<Permission>) => ADMIN_SECTIONS.filter((s) => permissions.has(s.permission));
