// Aggregates the clean readings per sensor with the given statistic (mean or max).
import { readCsv, writeCsv } from "./csv";

const [stat = "mean", input = "data/clean.csv", out = `data/by-sensor-${stat}.csv`] = process.argv.slice(2);
const bySensor = new Map<string, number[]>();
for (const row of await readCsv(input)) bySensor.set(row.sensor!, [...(bySensor.get(row.sensor!) ?? []), Number(row.value)]);
const reduce = stat === "max" ? (v: number[]) => Math.max(...v) : (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const rows = [...bySensor].sort(([a], [b]) => a.localeCompare(b)).map(([sensor, values]) => ({ sensor, [stat]: reduce(values).toFixed(2), count: values.length }));
await writeCsv(out, rows);
console.log(`${rows.length} sensors`);
