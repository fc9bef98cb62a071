/**
 * The one pull-request comment of the offline plan diff of every stack
 * (tools/ci/planDiffComment.ts): a hidden marker on its first line, by which the pull-request
 * workflow finds its own earlier comment and edits it instead of adding another; a table of the
 * stacks' results; then each stack's Markdown from `npm run plan:diff`, or why it failed. Pure.
 */
import { code } from "../plan/diff/markdown";

/** First line of the comment; HTML comments are not rendered. */
export const COMMENT_MARKER = "<!-- azs-ha-kubernetes:plan-diff -->";

/**
 * GitHub refuses a comment body over 65,536 characters; pulumi/actions keeps its own comments to
 * 64,000 to stay clear of that (src/libs/pr.ts, MAX_CHARACTER_COMMENT), and so does this one.
 */
export const MAX_COMMENT_LENGTH = 64_000;

/** What `npm run plan:diff` gave for one stack: exit code 0 no changes, 2 changes, anything else a failure. */
export type StackResult =
  | { readonly stack: string; readonly outcome: "unchanged"; readonly markdown: string }
  | { readonly stack: string; readonly outcome: "changed"; readonly markdown: string }
  | { readonly stack: string; readonly outcome: "failed"; readonly exitCode: number | null; readonly error: string };

export interface CommentOptions {
  /** The base as given to plan:diff (the pull request's base commit). */
  readonly base: string;
  /** Where the whole text is when a stack's diff is too long for the comment (the CI run). */
  readonly detailsUrl?: string;
  /** MAX_COMMENT_LENGTH unless given; Infinity for the unabridged text of the CI run's summary. */
  readonly maxLength?: number;
}

/** The end of a failure's output: plan:diff prints one message, a crash a stack trace. */
const ERROR_LINES = 40;
const ERROR_CHARS = 4_000;

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function errorTail(error: string): string {
  const tail = error.trim().split("\n").slice(-ERROR_LINES).join("\n");
  return tail.length > ERROR_CHARS ? `…${tail.slice(-ERROR_CHARS)}` : tail;
}

/** The result in words, for the comment's table and the console. */
export function outcomeLabel(result: StackResult): string {
  if (result.outcome === "unchanged") return "no changes";
  if (result.outcome === "changed") return "changes";
  return `failed (${result.exitCode === null ? "killed" : `exit code ${result.exitCode}`})`;
}

const outcomeText = (result: StackResult) => (result.outcome === "unchanged" ? outcomeLabel(result) : `**${outcomeLabel(result)}**`);

const heading = (stack: string) => `### Offline plan diff: stack ${code(stack)}`;

function section(result: StackResult): string {
  if (result.outcome !== "failed") return result.markdown.trim();
  const output = result.error.trim() === "" ? "_(no output)_" : `<pre>${escapeHtml(errorTail(result.error))}</pre>`;
  return [heading(result.stack), "", `The plan diff ${outcomeText(result)}:`, "", output].join("\n");
}

function tooLong(stack: string, length: number, detailsUrl: string | undefined): string {
  const where = detailsUrl ? `[the CI run's summary](${detailsUrl})` : "the CI run's summary";
  return [heading(stack), "", `_Too long for this comment (${length} characters): the whole diff is in ${where}._`].join("\n");
}

/**
 * The comment; the longest stack sections give way to a pointer to the CI run until it fits (with
 * hundreds of stacks even the pointers would not: GitHub would refuse the comment, failing the step).
 */
export function renderComment(results: readonly StackResult[], options: CommentOptions): string {
  const max = options.maxLength ?? MAX_COMMENT_LENGTH;
  const head = [
    COMMENT_MARKER,
    "## Offline plan diff of every stack",
    "",
    `Each \`Pulumi.<stack>.yaml\` of this pull request against its base ${code(options.base)}, evaluated offline: mock values, no credentials, secrets masked. The real \`pulumi preview --diff\` of each stack runs in a job of its own.`,
    "",
    "| stack | result |",
    "| --- | --- |",
    ...results.map((r) => `| ${code(r.stack)} | ${outcomeText(r)} |`),
  ].join("\n");
  const sections = results.map(section);
  const join = () => [head, ...sections].join("\n\n---\n\n") + "\n";
  const longestFirst = sections.map((text, i) => ({ i, length: text.length })).sort((a, b) => b.length - a.length);
  for (const { i, length } of longestFirst) {
    if (join().length <= max) break;
    sections[i] = tooLong(results[i].stack, length, options.detailsUrl);
  }
  return join();
}
