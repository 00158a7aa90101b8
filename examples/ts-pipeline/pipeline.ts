// A small TypeScript pipeline: raw CSV → clean → split → fit a linear model → metrics and plot data.
// Run it with `bunx pivot repro` from this folder; edit a helper in src/ and see what re-runs.
import { Pipeline, loaders as l } from "@pivot/core";
import { type House, type RawHouse, cleanHouses, splitHouses } from "./src/houses";
import { type LinearModel, fitLinear, predict } from "./src/linear-model";
import { r2, rmse, round } from "./src/metrics";

export const pipeline = new Pipeline("houses");

const FEATURES: Array<keyof House> = ["area", "rooms"];

pipeline.stage("clean", {
  desc: "Drop rows with missing or implausible values",
  deps: { raw: l.csv<RawHouse>("data/houses.csv") },
  outs: { houses: l.json<House[]>("data/clean.json"), report: l.metric("metrics/clean.json") },
  params: { maxArea: 170 },
  run({ raw }, { maxArea }) {
    const houses = cleanHouses(raw, maxArea);
    console.log(`kept ${houses.length} of ${raw.length} rows`);
    return { houses, report: { rows: houses.length, dropped: raw.length - houses.length } };
  },
});

pipeline.stage("split", {
  deps: { houses: l.json<House[]>("data/clean.json") },
  outs: { train: l.json<House[]>("data/train.json"), test: l.json<House[]>("data/test.json") },
  params: { testEvery: 5 },
  run: ({ houses }, { testEvery }) => splitHouses(houses, testEvery),
});

pipeline.stage("fit", {
  deps: { train: l.json<House[]>("data/train.json") },
  outs: { model: l.json<LinearModel>("model/model.json") },
  params: { l2: 1 },
  run: ({ train }, { l2 }) => ({ model: fitLinear(train, FEATURES, "price", l2) }),
});

pipeline.stage("evaluate", {
  deps: { model: l.json<LinearModel>("model/model.json"), test: l.json<House[]>("data/test.json") },
  outs: {
    metrics: l.metric("metrics.json"),
    predictions: l.plot<{ actual: number; predicted: number }>("plots/predictions.csv", { x: "actual", y: "predicted", template: "scatter", title: "Price: actual vs predicted" }),
  },
  run({ model, test }) {
    const actual = test.map((h) => h.price);
    const predicted = test.map((h) => predict(model, h));
    return {
      metrics: { rmse: round(rmse(actual, predicted), 1), r2: round(r2(actual, predicted)), n: test.length },
      predictions: test.map((h, i) => ({ actual: h.price, predicted: Math.round(predicted[i]!) })),
    };
  },
});
