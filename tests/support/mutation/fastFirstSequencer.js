/**
 * The test order of `npm run mutation`: the file that failed last first (it likely kills the next
 * mutant of the same code too), then the quickest files. jest's own order runs the longest files
 * first to keep parallel workers busy (@jest/test-sequencer, sort); with the bailing runner in one
 * process, a killed mutant costs least when its quickest failing file comes early.
 */
const Sequencer = require("@jest/test-sequencer").default;

class FastFirstSequencer extends Sequencer {
  sort(tests) {
    const size = (test) => test.context.hasteFS.getSize(test.path) ?? 0;
    const cost = (test) => this.time(test) ?? Number.MAX_SAFE_INTEGER;
    return [...tests].sort((a, b) => Number(this.hasFailed(b)) - Number(this.hasFailed(a)) || cost(a) - cost(b) || size(a) - size(b));
  }
}

module.exports = FastFirstSequencer;
