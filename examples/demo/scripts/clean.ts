// Drops readings above the configured maximum (sensor glitches).
import { readCsv, readParams, writeCsv } from "./csv";

const [input = "data/raw.csv", out = "data/clean.csv"] = process.argv.slice(2);
const { max_value } = (await readParams()).clean!;
const rows = await readCsv(input);
const kept = rows.filter((row) => Number(row.value) <= max_value!);
await writeCsv(out, kept);
console.log(`kept ${kept.length} of ${rows.length} readings`);
