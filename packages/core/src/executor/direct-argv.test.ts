import { describe, expect, test } from "bun:test";
import { directArgvOf, pathIsAbsoluteOnly } from "./direct-argv";

describe("directArgvOf", () => {
  test("a command of plain words is split on blanks like sh does", () => {
    expect(directArgvOf("cp input.txt out/s1.txt")).toEqual(["cp", "input.txt", "out/s1.txt"]);
    expect(directArgvOf("  bun\tprepare.ts   data/raw.csv ")).toEqual(["bun", "prepare.ts", "data/raw.csv"]);
    expect(directArgvOf("python3 train.py --lr=0.1 --model small,large -v")).toEqual(["python3", "train.py", "--lr=0.1", "--model", "small,large", "-v"]);
    expect(directArgvOf("./scripts/run.sh a@b 50% +x")).toEqual(["./scripts/run.sh", "a@b", "50%", "+x"]);
  });

  test("quoting, escapes and expansions keep sh", () => {
    for (const command of [`echo "a b"`, "cat 'x y'", "cp a\\ b c", "echo $HOME", "cp ${x} y", "echo `date`", "cat ~/x", "ls ~"]) {
      expect(directArgvOf(command)).toBeUndefined();
    }
  });

  test("globs, braces and comments keep sh", () => {
    for (const command of ["cat *.txt", "ls file?.txt", "ls [ab].txt", "cp {a,b} c", "touch a # note", "cat x!"]) {
      expect(directArgvOf(command)).toBeUndefined();
    }
  });

  test("operators, redirections and newlines keep sh", () => {
    for (const command of ["a; b", "a && b", "a || b", "a | b", "a &", "(a)", "cat < x", "echo > x", "a\nb", "a\rb"]) {
      expect(directArgvOf(command)).toBeUndefined();
    }
  });

  test("an assignment in first position keeps sh, `=` later does not", () => {
    expect(directArgvOf("FOO=1 make")).toBeUndefined();
    expect(directArgvOf("make FOO=1")).toEqual(["make", "FOO=1"]);
  });

  test("builtins and reserved words keep sh", () => {
    for (const command of ["echo hi", "test -f x", "[ -f x ]", "cd sub", "true", "exit 3", ". ./env.sh", ": x", "exec cat", "time cp a b", "if", "kill 1", "printf x", "ulimit -n", "command -v x"]) {
      expect(directArgvOf(command)).toBeUndefined();
    }
  });

  test("an empty or blank command keeps sh", () => {
    expect(directArgvOf("")).toBeUndefined();
    expect(directArgvOf(" \t ")).toBeUndefined();
  });

  test("non-ASCII text keeps sh", () => {
    expect(directArgvOf("cp données.csv out.csv")).toBeUndefined();
  });
});

describe("pathIsAbsoluteOnly", () => {
  test("only a PATH of absolute entries resolves programs the same without sh", () => {
    expect(pathIsAbsoluteOnly("/usr/local/bin:/usr/bin:/bin")).toBe(true);
    expect(pathIsAbsoluteOnly("/usr/bin::/bin")).toBe(false);
    expect(pathIsAbsoluteOnly("/usr/bin:bin")).toBe(false);
    expect(pathIsAbsoluteOnly(".:/usr/bin")).toBe(false);
    expect(pathIsAbsoluteOnly("")).toBe(false);
    expect(pathIsAbsoluteOnly(undefined)).toBe(false);
  });
});
