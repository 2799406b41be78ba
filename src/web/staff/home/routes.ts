import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';
import { workQueue, WORK_QUEUES, type WorkQueue, type WorkQueueName } from '../../../cases/workQueues.ts';
import { addWorkingDays } from '../../../domain/calendar/workingDays.ts';
import { DUE_SOON_WORKING_DAYS } from '../../../domain/cases/deadlineState.ts';
import { londonDate } from '../../../domain/dates.ts';
import { can, type Scope } from '../../../domain/access/scope.ts';
import { councilCalendar, deadlineView } from '../../deadlines.ts';
import { t } from '../../i18n.ts';

/** Which queues a person's roles give them work from. */
function queuesFor(scope: Scope): WorkQueueName[] {
  return WORK_QUEUES.filter((q) => {
    switch (q) {
      case 'awaitingTriage': return can(scope, 'triage');
      case 'myCases': return scope.staffMemberId !== null && can(scope, 'handle_stage');
      case 'escalationRequests': return can(scope, 'decide_escalation');
      case 'learningActionsDue': case 'remediesDue': return can(scope, 'remedies_and_learning');
      default: return can(scope, 'view_cases');
    }
  });
}

/** Where each queue's "see all" goes in the case list. */
const LIST_LINK: Partial<Record<WorkQueueName, (scope: Scope) => string>> = {
  awaitingTriage: () => '/cases?status=logged&sort=received_oldest',
  myCases: (scope) => `/cases?officer=${scope.staffMemberId}&status=stage_open&sort=due_soonest`,
  overdue: () => '/cases?overdue=yes&sort=due_soonest',
  dueSoon: () => '/cases?status=stage_open&sort=due_soonest',
  escalationRequests: () => '/cases?status=escalation_requested&sort=received_oldest',
};

/**
 * The home page: the signed-in person's work queues — awaiting triage, my cases, due in the
 * next five working days, overdue, escalation requests, learning actions and remedies due —
 * each deadline with its standing. Each queue reads only open work (ADR 14), so the page costs
 * the same at ten thousand contacts as at a million.
 */
export const homeRoutes = (services: Services) => async (app: FastifyInstance) => {
  app.get('/', async (request, reply) => {
    const staff = request.staff!;
    const wanted = queuesFor(staff.scope);
    if (wanted.length === 0) return reply.view('staff/home/home.njk', { title: t('home.title'), nav: 'home', queues: [], reportsOnly: can(staff.scope, 'view_reports') });
    const today = londonDate(services.clock.now());
    const calendar = await councilCalendar(services.db.pool, staff.council.nation);
    // Only the queues this person is shown (an investigating officer's page reads neither triage nor escalation requests).
    const options = { today, dueBy: addWorkingDays(calendar, today, DUE_SOON_WORKING_DAYS), limit: 10 };
    const queues: Partial<Record<WorkQueueName, WorkQueue>> = {};
    for (const name of wanted) queues[name] = await workQueue(services.db.pool, staff.scope, name, options);
    return reply.view('staff/home/home.njk', {
      title: t('home.title'), nav: 'home',
      queues: wanted.map((name) => {
        const queue = queues[name]!;
        const countText = queue.count.more ? t('home.countMore', { count: queue.count.count }) : String(queue.count.count);
        return {
          name,
          heading: t(`home.queues.${name}`),
          countText,
          count: queue.count.count,
          showing: queue.items.length < queue.count.count || queue.count.more ? t('home.showing', { shown: queue.items.length, count: countText }) : '',
          listLink: LIST_LINK[name]?.(staff.scope) ?? null,
          items: queue.items.map((item) => ({
            ...item,
            whatText: t(`home.what.${item.kind}`, { stage: item.stage ?? '' }),
            due: item.dueOn ? deadlineView(calendar, item.dueOn, today) : null,
          })),
        };
      }),
    });
  });
};
