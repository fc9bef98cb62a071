/**
 * Line buffering with a prefix, so the output of stacks running at the same time can share one
 * terminal: the Pulumi CLI's output reaches us in chunks as its pipe delivers them (the Automation
 * API hands each `data` event of the child's stdout/stderr to `onOutput`/`onError` as it comes:
 * @pulumi/pulumi/automation/cmd.js, function exec), so a chunk may end mid-line. Only whole lines
 * are emitted, each in one call. Pure apart from the `emit` callback.
 */

export interface LineWriter {
  /** Takes a chunk of text; emits every line it completes. */
  write(text: string): void;
  /** Emits the unfinished last line, if any (the stream ended without a newline). */
  end(): void;
}

export function linePrefixer(prefix: string, emit: (line: string) => void): LineWriter {
  let pending = "";
  const emitLine = (line: string) => emit(`${prefix}${line}`.trimEnd());
  return {
    write(text) {
      const lines = (pending + text).split(/\r?\n/);
      pending = lines.pop() ?? "";
      lines.forEach(emitLine);
    },
    end() {
      if (pending !== "") emitLine(pending);
      pending = "";
    },
  };
}
