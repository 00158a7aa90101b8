import { describe, expect, test } from "bun:test";
import { CsvError, parseCsv, parseCsvRecords, stringifyCsv } from "./csv";

describe("parseCsv", () => {
  test("reads a header and rows as objects, numbers converted", () => {
    expect(parseCsv("name,score\nada,0.5\nbob,-2\n")).toEqual([
      { name: "ada", score: 0.5 },
      { name: "bob", score: -2 },
    ]);
  });

  test("keeps number-like text that is not a plain number as a string", () => {
    expect(parseCsv("id,v\n007,1e3\n1.,+4\n")).toEqual([
      { id: "007", v: 1000 },
      { id: "1.", v: "+4" },
    ]);
  });

  test("numbers: false keeps every value a string", () => {
    expect(parseCsv("a\n1\n", { numbers: false })).toEqual([{ a: "1" }]);
  });

  test("quoted fields hold delimiters, quotes and line breaks", () => {
    const text = 'a,b\n"x, y","say ""hi"""\n"two\nlines",z\n';
    expect(parseCsv(text)).toEqual([
      { a: "x, y", b: 'say "hi"' },
      { a: "two\nlines", b: "z" },
    ]);
  });

  test("CRLF line ends, a BOM and a missing final newline are accepted", () => {
    expect(parseCsv("\ufeffa,b\r\n1,2\r\n3,4")).toEqual([
      { a: 1, b: 2 },
      { a: 3, b: 4 },
    ]);
  });

  test("empty fields and a trailing delimiter give empty strings", () => {
    expect(parseCsv("a,b,c\n1,,\n")).toEqual([{ a: 1, b: "", c: "" }]);
  });

  test("blank lines are skipped and an empty file has no rows", () => {
    expect(parseCsv("a\n\n1\n\n")).toEqual([{ a: 1 }]);
    expect(parseCsv("")).toEqual([]);
  });

  test("a tab delimiter reads TSV", () => {
    expect(parseCsv("a\tb\n1\tx y\n", { delimiter: "\t" })).toEqual([{ a: 1, b: "x y" }]);
  });

  test("a row with the wrong number of fields is an error with its line", () => {
    expect(() => parseCsv("a,b\n1,2\n3\n")).toThrow("line 3: 1 field, but the header has 2");
  });

  test("an unclosed quote is an error naming the line it opened on", () => {
    const attempt = () => parseCsv('a\n"open\nmore\n');
    expect(attempt).toThrow(CsvError);
    expect(attempt).toThrow("line 2: unclosed quote");
  });

  test("text after a closing quote is an error", () => {
    expect(() => parseCsv('a\n"x"y\n')).toThrow("line 2: unexpected");
  });

  test("a duplicate header column is an error", () => {
    expect(() => parseCsv("a,a\n1,2\n")).toThrow("column 'a' twice");
  });

  test("records report the line they start on", () => {
    expect(parseCsvRecords('a\n"x\ny"\nz\n').map((r) => r.line)).toEqual([1, 2, 4]);
  });
});

describe("stringifyCsv", () => {
  test("writes a header from the keys in first-seen order", () => {
    expect(stringifyCsv([{ a: 1, b: "x" }, { b: "y", c: true }])).toBe("a,b,c\n1,x,\n,y,true\n");
  });

  test("quotes fields that need it", () => {
    expect(stringifyCsv([{ v: 'a,"b"' }, { v: "two\nlines" }, { v: " pad" }])).toBe('v\n"a,""b"""\n"two\nlines"\n" pad"\n');
  });

  test("null and undefined are empty, objects are JSON", () => {
    expect(stringifyCsv([{ a: null, b: undefined, c: { k: 1 } }])).toBe('a,b,c\n,,"{""k"":1}"\n');
  });

  test("columns pick and order the output", () => {
    expect(stringifyCsv([{ a: 1, b: 2 }], { columns: ["b"] })).toBe("b\n2\n");
  });

  test("round-trips through parseCsv", () => {
    const rows = [
      { name: 'q"uote', note: "a,b\nc", n: 3 },
      { name: "plain", note: "", n: -0.25 },
    ];
    expect(parseCsv(stringifyCsv(rows))).toEqual(rows);
  });

  test("no rows and no columns is an empty file", () => {
    expect(stringifyCsv([])).toBe("");
  });
});
