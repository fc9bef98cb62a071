/**
 * A Stryker ignorer plugin that keeps only the nodes of a mutation sample (tools/mutation/sample.ts):
 * it ignores every node that neither is nor encloses a sampled mutant's location. Stryker loads it
 * when tools/mutation.ts runs a sample, and reads the sample from the file AZS_MUTATION_SAMPLE names (a SampleFile, its mutants
 * with files relative to the working directory Stryker instruments in).
 *
 * Stryker calls shouldIgnore on each node it enters while no enclosing node is ignored, and ignores the
 * whole subtree of a node it returns a reason for (@stryker-mutator/instrumenter
 * transformers/ignorer-bookkeeper.js), so a node enclosing a sampled one must not be ignored.
 */
const { readFileSync } = require("fs");
const path = require("path");

let byFile;

/** The sampled locations of each file, in babel's positions (1-based lines, 0-based columns). */
function sampledLocations() {
  if (!byFile) {
    const file = process.env.AZS_MUTATION_SAMPLE;
    if (!file) throw new Error("the sample ignorer needs AZS_MUTATION_SAMPLE (run it through npm run mutation -- --sample=N)");
    byFile = new Map();
    for (const { file: name, location } of JSON.parse(readFileSync(file, "utf8")).mutants) {
      const locations = byFile.get(name) ?? [];
      locations.push({ start: { line: location.start.line + 1, column: location.start.column }, end: { line: location.end.line + 1, column: location.end.column } });
      byFile.set(name, locations);
    }
  }
  return byFile;
}

function before(a, b) {
  return a.line < b.line || (a.line === b.line && a.column <= b.column);
}

function encloses(outer, inner) {
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

const sampleIgnorer = {
  shouldIgnore(nodePath) {
    const loc = nodePath.node.loc;
    const fileName = nodePath.hub?.file?.opts?.filename;
    if (!loc || !fileName) return undefined;
    const locations = sampledLocations().get(path.relative(process.cwd(), fileName).split(path.sep).join("/")) ?? [];
    return locations.some((sampled) => encloses(loc, sampled)) ? undefined : "not in the mutation sample";
  },
};

module.exports.strykerPlugins = [{ kind: "Ignore", name: "sample", value: sampleIgnorer }];
