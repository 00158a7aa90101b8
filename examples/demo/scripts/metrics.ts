// Summary metrics of the cleaned data.
import { readCsv } from "./csv";

const [clean = "data/clean.csv", means = "data/by-sensor-mean.csv", out = "metrics.json"] = process.argv.slice(2);
const rows = await readCsv(clean);
const sensorMeans = (await readCsv(means)).map((r) => Number(r.mean));
const metrics = {
  readings: rows.length,
  mean_value: Number((rows.reduce((s, r) => s + Number(r.value), 0) / rows.length).toFixed(3)),
  sensor_mean_spread: Number((Math.max(...sensorMeans) - Math.min(...sensorMeans)).toFixed(3)),
};
await Bun.write(out, `${JSON.stringify(metrics, null, 2)}\n`);
console.log(JSON.stringify(metrics));
