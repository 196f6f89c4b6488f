// The DuckDB baseline of the outcomes bench: the same aggregation as outcomes/statistics.cc
// (dynamic exits over examined, 6- and 24-month respondents, neutralised, employed, in the
// target job, unreachable, DARES access and durable) over the CSV the C++ bench wrote, best of 5.
// Usage: node bench/outcomes_duckdb.mjs FILE.csv
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
const employed = "('cdi','cdd','interim','contrat_aide','autre_siae','fonction_publique','creation')";
const neutral = "('formation_qualifiante','formation_non_qualifiante','alternance','incapacite','etranger')";
const fu = (f) => `SUM(CASE WHEN ${f}_status = 'renseigne' THEN 1 ELSE 0 END),
  SUM(CASE WHEN ${f}_status = 'renseigne' AND ${f}_situation IN ${neutral} THEN 1 ELSE 0 END),
  SUM(CASE WHEN ${f}_status = 'renseigne' AND ${f}_situation IN ${employed} THEN 1 ELSE 0 END),
  SUM(CASE WHEN ${f}_status = 'renseigne' AND ${f}_situation IN ${employed} AND ${f}_target = 1 THEN 1 ELSE 0 END),
  SUM(CASE WHEN ${f}_status = 'injoignable' THEN 1 ELSE 0 END),
  SUM(CASE WHEN ${f}_status = 'a_faire' THEN 1 ELSE 0 END)`;
const sql = (by) => `SELECT ${by}, COUNT(*), SUM(examined),
  SUM(CASE WHEN examined = 1 AND category = 'durable' THEN 1 ELSE 0 END),
  SUM(CASE WHEN examined = 1 AND category = 'transition' THEN 1 ELSE 0 END),
  SUM(CASE WHEN examined = 1 AND category = 'positive' THEN 1 ELSE 0 END),
  SUM(CASE WHEN examined = 1 AND category = 'autres' THEN 1 ELSE 0 END),
  SUM(CASE WHEN category = 'inconnue' THEN 1 ELSE 0 END), SUM(days), ${fu('f6')}, ${fu('f24')},
  SUM(CASE WHEN f6_status = 'renseigne' AND ((f6_situation IN ${employed} AND COALESCE(f6_months, 1) >= 1)
      OR (situation IN ${employed} AND COALESCE(contract_months, 1) >= 1)) THEN 1 ELSE 0 END),
  SUM(CASE WHEN f6_status = 'renseigne' AND (f6_situation IN ('cdi','fonction_publique','creation')
      OR (f6_situation IN ('cdd','interim') AND f6_months >= 6)) THEN 1 ELSE 0 END)
  FROM exits ${by === "''" ? '' : `GROUP BY ${by} ORDER BY 1`}`;

const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
let t = performance.now();
await c.run(`CREATE TABLE exits AS SELECT * FROM read_csv_auto('${file}', header = true)`);
console.log(`duckdb: loaded the CSV in ${(performance.now() - t).toFixed(0)} ms`);
for (const [name, by] of [['rates', "''"], ['rates by year', 'substr(CAST(exit_on AS VARCHAR), 1, 4)']]) {
  let best = Infinity, total = 0, rows = [];
  for (let k = 0; k < 5; k++) {
    t = performance.now();
    const r = await c.runAndReadAll(sql(by));
    best = Math.min(best, performance.now() - t);
    rows = r.getRows();
    total = rows.reduce((s, row) => s + Number(row[1]), 0);
  }
  console.log(`duckdb: ${name} over ${total} exits: ${best.toFixed(1)} ms (best of 5)`);
  if (by === "''") console.log(`figures: ${rows[0].slice(1).map((v) => Number(v ?? 0)).join(',')}`);
}
