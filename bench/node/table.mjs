// Prints the benchmark table from the JSON rows the bench executables print (bench/common/report.h),
// read from stdin. Columns: section, metric, byok, baseline, baseline value, ratio, target, note.
import { readFileSync } from 'node:fs';

const rows = readFileSync(0, 'utf8').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
const fmt = (v) => (v === null || v === undefined ? 'n/a' : Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));
const ratio = (r) => {
  if (r.byok == null || r.baseline_value == null || r.byok === 0) return '';
  // "x faster/smaller" reads the same for every unit: for MB/s higher is better, for the rest lower is.
  const x = r.unit === 'MB/s' ? r.byok / r.baseline_value : r.baseline_value / r.byok;
  return `${x.toFixed(1)}x`;
};
const table = [['section', 'metric', 'unit', 'byok', 'baseline', 'baseline value', 'byok advantage', 'target', 'note']];
for (const r of rows)
  table.push([r.section, r.metric, r.unit, fmt(r.byok), r.baseline || '', r.baseline ? fmt(r.baseline_value) : '', ratio(r), r.target || '', r.note || '']);
const widths = table[0].map((_, i) => Math.max(...table.map((row) => [...row[i]].length)));
const line = (row) => '| ' + row.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join(' | ') + ' |';
console.log(line(table[0]));
console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
for (const row of table.slice(1)) console.log(line(row));
