/**
 * One report at a time per database handle (ADR 15). On the embedded engine every query of
 * the process shares one connection: ten people asking for the annual report at once would
 * otherwise interleave ten reports' statements with everybody's pages, and each page would
 * wait behind ten statements instead of one. Reports queue here, in the order asked.
 */
const tails = new WeakMap<object, Promise<unknown>>();

/** Runs `work` after every report already queued on `key` has finished (or failed). */
export function oneAtATime<T>(key: object, work: () => Promise<T>): Promise<T> {
  const before = tails.get(key) ?? Promise.resolve();
  const run = before.then(work, work);
  const tail = run.catch(() => {});
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return run;
}
