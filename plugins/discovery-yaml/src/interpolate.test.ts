import { describe, expect, test } from "bun:test";
import { PivotError } from "@pivot/core/internal";
import { interpolate } from "./interpolate";

const where = { file: "pivot.yaml", stage: "train", line: 4 };
const scope = { model: "small", lr: 0.1, on: false, train: { small: { lr: 1e-3 } }, list: ["a", "b"] };

function failure(text: string): PivotError {
  try {
    interpolate(text, scope, where, "cmd");
  } catch (error) {
    if (error instanceof PivotError) return error;
    throw error;
  }
  throw new Error("expected an error");
}

describe("interpolate", () => {
  test("replaces ${name}, ${a.b} and ${list.0}", () => {
    expect(interpolate("m=${model} lr=${ lr } on=${on} x=${train.small.lr} ${list.1}", scope, where, "cmd")).toBe(
      "m=small lr=0.1 on=false x=0.001 b",
    );
  });

  test("leaves text without ${ alone, including $name", () => {
    expect(interpolate("echo $HOME and {x}", scope, where, "cmd")).toBe("echo $HOME and {x}");
  });

  test("\\${ is a literal ${", () => {
    expect(interpolate("echo \\${HOME} ${model}", scope, where, "cmd")).toBe("echo ${HOME} small");
  });

  test("an unresolved variable names the file, stage, string and variable, with did-you-mean", () => {
    const error = failure("go ${modle}");
    expect(error.code).toBe("PIPELINE_INVALID");
    expect(error.message).toBe(`pivot.yaml:4: stage 'train': unresolved variable 'modle' in cmd "go \${modle}"`);
    expect(error.hint).toContain("Did you mean 'model'?");
  });

  test("a map cannot be interpolated", () => {
    expect(failure("${train}").message).toContain("variable 'train' in cmd \"${train}\" is a map");
  });

  test("a malformed or unterminated ${ is an error", () => {
    expect(failure("${HOME:-x}").message).toContain("malformed variable '${HOME:-x}'");
    expect(failure("echo ${model").message).toContain("unterminated");
  });
});
