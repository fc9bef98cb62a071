/**
 * The whole apimodel each committed stamp uploads to its helper, field by field against a
 * reviewed fixture (issue 12, item 3: `enableTelemetry`, and anything else no test read, could
 * change unnoticed). aks-engine deploys whatever this file says, and after the first deploy it is
 * never read again (day-2 settings change the cluster through their own steps), so every field
 * matters once and for good.
 *
 * To change the apimodel deliberately: change the renderer (aksengine/apimodel.ts) or the stack
 * file, run `UPDATE_APIMODEL_FIXTURES=1 npx jest tests/apimodel.fixture.test.ts` (it rewrites
 * tests/fixtures/apimodel/<stack>.json and fails, so that it never passes while rewriting), review
 * `git diff tests/fixtures/apimodel` line by line, and run it again without the variable.
 */
import { readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { planStack } from "./support/plan";

const FIXTURES = path.join(__dirname, "fixtures", "apimodel");
const UPDATE = process.env.UPDATE_APIMODEL_FIXTURES === "1";

describe.each([
  ["stampA", "/home/azureuser/azs-ha/stampa"],
  ["stampB", "/home/azureuser/azs-ha/stampb"],
])("the apimodel %s uploads", (stack, workDir) => {
  it("is exactly the reviewed fixture, in every field", async () => {
    const text = (await planStack(stack)).files[`${workDir}/cluster/apimodel.input.json`] as string;
    const fixture = path.join(FIXTURES, `${stack}.json`);
    if (UPDATE) {
      writeFileSync(fixture, text);
      throw new Error(`rewrote ${fixture}: review git diff tests/fixtures/apimodel, then run again without UPDATE_APIMODEL_FIXTURES`);
    }
    expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(fixture, "utf8")));
  });
});
