import type pg from 'pg';
import { transactionOn, type Database } from '../db/database.ts';

/**
 * Runs `work` against a view of the database in which everything happens in one transaction:
 * committed when `work` returns, rolled back if it throws, and never committed at all if the
 * process dies first. The services `work` calls open transactions of their own (creating a
 * council, importing a history); inside, those become savepoints, so they keep their own
 * all-or-nothing and the whole stays one unit. This is what makes the demo seeding all or
 * nothing without those services knowing about it.
 */
export async function inOneTransaction<T>(db: Database, work: (tx: Database) => Promise<T>): Promise<T> {
  const client = await db.pool.connect();
  let savepoints = 0;
  const open: string[] = [];
  // A nested transaction's statements, said as savepoints of the outer one.
  const nested = (text: string): string | null => {
    const statement = text.trim().toUpperCase();
    if (statement === 'BEGIN') {
      const name = `nested_${(savepoints += 1)}`;
      open.push(name);
      return `SAVEPOINT ${name}`;
    }
    if (statement === 'COMMIT') return `RELEASE SAVEPOINT ${open.pop()}`;
    if (statement === 'ROLLBACK') return `ROLLBACK TO SAVEPOINT ${open.pop()}`;
    return null;
  };
  const query = ((text: unknown, ...rest: unknown[]) =>
    typeof text === 'string' ? client.query(nested(text) ?? text, ...(rest as [])) : client.query(text as pg.QueryConfig, ...(rest as []))) as pg.PoolClient['query'];
  const inner = new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'query') return query;
      if (property === 'release') return () => {};
      return Reflect.get(target, property, receiver);
    },
  });
  const pool = { connect: async () => inner, query, on: () => pool, end: async () => {} } as unknown as pg.Pool;
  const tx: Database = { engine: db.engine, location: db.location, pool, close: async () => {} };
  return transactionOn(client, () => work(tx));
}
