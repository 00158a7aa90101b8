// Generates deterministic sensor readings: sensor,reading,value.
import { readParams, writeCsv } from "./csv";

const [out = "data/raw.csv"] = process.argv.slice(2);
const { rows, seed } = (await readParams()).generate!;
let state = seed!;
const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const data = Array.from({ length: rows! }, (_, i) => ({
  sensor: `s${1 + Math.floor(random() * 5)}`,
  reading: i,
  value: Math.round(random() * 1000) / 10,
}));
await writeCsv(out, data);
console.log(`generated ${data.length} readings`);
