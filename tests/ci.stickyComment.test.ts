/**
 * The pull-request workflow's inline script that posts the offline plan diff: run as
 * actions/github-script v8 runs it (src/async-function.ts, callAsyncFunction: the step's `script`
 * becomes the body of an async function of `github`, `context`, `core`, `require`, ...) against a
 * fake of the few Octokit calls it makes. One comment per pull request: created once, then edited.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import { COMMENT_MARKER, renderComment } from "../tools/ci/comment";

const ROOT = path.join(__dirname, "..");

interface Step {
  readonly uses?: string;
  readonly env?: Record<string, string>;
  readonly with?: Record<string, string>;
}
const workflow = yaml.load(readFileSync(path.join(ROOT, ".github", "workflows", "pull-request.yml"), "utf8")) as { jobs: Record<string, { steps: Step[] }> };
const step = workflow.jobs["plan-diff"].steps.find((s) => s.uses?.startsWith("actions/github-script@"));

interface Comment {
  readonly id: number;
  readonly user: { readonly login: string } | null;
  body: string;
}

/**
 * GitHub's issue comments behind the Octokit calls the script makes. `rest.issues.*` resolve with
 * `{ data }`; `paginate` follows the pages as @octokit/plugin-paginate-rest does (it requests the
 * next page while GitHub's Link header names one, i.e. while a page comes back full).
 */
function fakeGitHub(comments: Comment[]) {
  const calls: string[] = [];
  const listComments = async (p: { owner: string; repo: string; issue_number: number; per_page?: number; page?: number }) => {
    calls.push(`list ${p.owner}/${p.repo}#${p.issue_number} page ${p.page ?? 1}`);
    const size = Math.min(p.per_page ?? 30, 100);
    const start = ((p.page ?? 1) - 1) * size;
    return { data: comments.slice(start, start + size) };
  };
  const github = {
    paginate: async (method: typeof listComments, params: Parameters<typeof listComments>[0]) => {
      const all: Comment[] = [];
      for (let page = 1; ; page++) {
        const { data } = await method({ ...params, page });
        all.push(...data);
        if (data.length < Math.min(params.per_page ?? 30, 100)) return all;
      }
    },
    rest: {
      issues: {
        listComments,
        createComment: async (p: { owner: string; repo: string; issue_number: number; body: string }) => {
          calls.push(`create ${p.owner}/${p.repo}#${p.issue_number}`);
          const created = { id: 1000 + comments.length, user: { login: "github-actions[bot]" }, body: p.body };
          comments.push(created);
          return { data: created };
        },
        updateComment: async (p: { owner: string; repo: string; comment_id: number; body: string }) => {
          calls.push(`update ${p.owner}/${p.repo} comment ${p.comment_id}`);
          const found = comments.find((c) => c.id === p.comment_id);
          if (!found) throw new Error(`404: no comment ${p.comment_id}`);
          found.body = p.body;
          return { data: found };
        },
      },
    },
  };
  return { github, calls };
}

const AsyncFunction = Object.getPrototypeOf(async () => null).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<unknown>;

describe("the sticky plan-diff comment", () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "ci-sticky-"));
    file = path.join(dir, "plan-diff.md");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => delete process.env.COMMENT_FILE);

  /** Runs the step's script with the step's env (COMMENT_FILE pointing at our file), as github-script would. */
  async function post(comments: Comment[], body: string) {
    writeFileSync(file, body);
    expect(step?.env?.COMMENT_FILE).toBe("${{ runner.temp }}/plan-diff.md");
    process.env.COMMENT_FILE = file;
    const { github, calls } = fakeGitHub(comments);
    // @actions/github's Context: `repo` from GITHUB_REPOSITORY, `issue.number` from the pull_request payload.
    const context = { repo: { owner: "contoso", repo: "azs" }, issue: { owner: "contoso", repo: "azs", number: 42 }, payload: { pull_request: { number: 42 } } };
    const args = { require, __original_require__: require, github, octokit: github, context, core: {}, exec: {}, glob: {}, io: {} };
    await new AsyncFunction(...Object.keys(args), String(step?.with?.script))(...Object.values(args));
    return calls;
  }

  const body = (text: string) => renderComment([{ stack: "stampA", outcome: "changed", markdown: text }], { base: "abc" });
  const others = (n: number): Comment[] => Array.from({ length: n }, (_, i) => ({ id: i + 1, user: { login: i % 2 ? "octocat" : "github-actions[bot]" }, body: `comment ${i}` }));

  it("is created when the pull request has none", async () => {
    const comments = others(3);
    expect(await post(comments, body("first"))).toEqual(["list contoso/azs#42 page 1", "create contoso/azs#42"]);
    expect(comments).toHaveLength(4);
    expect(comments[3].body.startsWith(COMMENT_MARKER)).toBe(true);
  });

  it("is edited, not added again, even when it is on a later page of a long discussion", async () => {
    const comments = [...others(120), { id: 500, user: { login: "github-actions[bot]" }, body: body("old") }, ...others(3)];
    const calls = await post(comments, body("new"));
    expect(calls).toEqual(["list contoso/azs#42 page 1", "list contoso/azs#42 page 2", "update contoso/azs comment 500"]);
    expect(comments).toHaveLength(124);
    expect(comments[120].body).toContain("new");
  });

  it.each<[string, Comment]>([
    ["someone's comment quoting the marker", { id: 7, user: { login: "octocat" }, body: `${COMMENT_MARKER}\nquoted` }],
    ["another bot comment (a Pulumi preview)", { id: 8, user: { login: "github-actions[bot]" }, body: "#### :tropical_drink: `preview` on azs-ha-kubernetes/stampA" }],
    ["a comment of a deleted account", { id: 9, user: null, body: COMMENT_MARKER }],
  ])("never edits %s", async (_, other) => {
    const comments = [other];
    const before = other.body;
    expect(await post(comments, body("x"))).toEqual(["list contoso/azs#42 page 1", "create contoso/azs#42"]);
    expect(other.body).toBe(before);
  });

  it("fails the step when the diff wrote no file", async () => {
    process.env.COMMENT_FILE = path.join(dir, "missing.md");
    const { github } = fakeGitHub([]);
    const args = { require, github, context: { repo: { owner: "o", repo: "r" }, issue: { number: 1 } } };
    await expect(new AsyncFunction(...Object.keys(args), String(step?.with?.script))(...Object.values(args))).rejects.toThrow("ENOENT");
  });
});
