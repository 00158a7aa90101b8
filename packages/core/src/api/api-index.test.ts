import { expect, test } from "bun:test";
import * as core from "../index";
import * as api from "./index";

test("the pipeline API module exports the same values as the package index", () => {
  for (const [name, value] of Object.entries(api)) expect((core as Record<string, unknown>)[name]).toBe(value);
});
