// A separate process that opens an embedded data directory and writes rows: used to show
// that a second process is refused instead of silently losing writes.
import { openDatabase } from '../../src/db/database.ts';

const [dataDir, label, count] = process.argv.slice(2);
try {
  const db = await openDatabase({ dataDir: dataDir! });
  await db.pool.query('CREATE TABLE IF NOT EXISTS hazard_probe (label text, n int)');
  for (let i = 0; i < Number(count); i++) await db.pool.query('INSERT INTO hazard_probe VALUES ($1, $2)', [label, i]);
  console.log(JSON.stringify({ ok: true }));
  if (process.env.HOLD_MS) await new Promise((r) => setTimeout(r, Number(process.env.HOLD_MS)));
  await db.close();
} catch (error) {
  console.log(JSON.stringify({ ok: false, name: (error as Error).name, message: (error as Error).message }));
  process.exitCode = 1;
}
