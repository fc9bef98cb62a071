/** The option syntax every tool shares (tools/plan/cli.ts parseOptions). */
import { InputError, parseOptions } from "../tools/plan/cli";

const SPEC = { usage: "usage: tool --stack <s> [--out <f>] [--preview] [--set k=v ...]", values: ["--stack", "--out"], flags: ["--preview"], lists: ["--set"], required: ["--stack"] };

describe("parseOptions", () => {
  it("reads values in both spellings, keeps `=` inside values, flags, and repeated list values in order", () => {
    const parsed = parseOptions(["--stack=stampA", "--out", "a=b.json", "--preview", "--set", "x=1,2", "--set=y=3"], SPEC);
    expect(parsed.values).toEqual({ "--stack": "stampA", "--out": "a=b.json" });
    expect([...parsed.flags]).toEqual(["--preview"]);
    expect(parsed.lists).toEqual({ "--set": ["x=1,2", "y=3"] });
  });

  it.each([
    [["--stack"], "--stack needs a value"],
    [["--stack", "--preview"], "--stack needs a value"],
    [["--stack="], "--stack needs a value"],
    [["--stack", "a", "--bogus"], 'unknown argument "--bogus"'],
    [["--stack", "a", "--preview=yes"], 'unknown argument "--preview=yes"'],
    [["--out", "x"], "--stack is required"],
  ])("refuses %j with an error naming the option and the usage", (argv, message) => {
    let error: unknown;
    try {
      parseOptions(argv, SPEC);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).toContain(SPEC.usage);
  });

  it("takes a required list option as given once it is given, and names every missing one", () => {
    const spec = { ...SPEC, required: ["--stack", "--set"] };
    expect(parseOptions(["--stack", "a", "--set", "k=v"], spec).lists).toEqual({ "--set": ["k=v"] });
    expect(() => parseOptions(["--stack", "a"], spec)).toThrow("--set is required");
    expect(() => parseOptions([], spec)).toThrow("--stack, --set are required");
  });
});
