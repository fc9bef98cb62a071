/** util/json.ts: plans and rendered files are byte-stable because every object's keys are sorted. */
import { sortKeys, stableStringify } from "../util/json";

describe("stableStringify", () => {
  it("sorts the keys of objects at every depth, inside arrays too, and keeps the arrays' order", () => {
    const value = { b: 1, a: { d: [{ z: 1, y: 2 }, 3], c: null }, e: ["q", "p"] };
    expect(stableStringify(value, 0)).toBe('{"a":{"c":null,"d":[{"y":2,"z":1},3]},"b":1,"e":["q","p"]}');
    expect(Object.keys(sortKeys(value) as object)).toEqual(["a", "b", "e"]);
  });

  it("gives the same text for objects that differ only in key order, indented by 2 unless told", () => {
    expect(stableStringify({ x: 1, w: { v: 2, u: 3 } })).toBe(stableStringify({ w: { u: 3, v: 2 }, x: 1 }));
    expect(stableStringify({ a: 1 })).toBe('{\n  "a": 1\n}');
  });
});
