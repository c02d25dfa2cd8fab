import { Cwe } from '../../../core/cwe.js';
import { argument, callArguments, calleeLastName, lastSegment } from '../ast.js';
import type { Node } from '../parser.js';
import { definePythonRule, lastNamesOf } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';

/** Libraries whose from_pretrained() resolves names on the Hugging Face Hub. */
const HUB_LIBRARIES = ['transformers', 'diffusers', 'peft', 'optimum', 'sentence_transformers', 'huggingface_hub', 'datasets'];

/** Hub download functions and where they take the repository id. */
const DOWNLOADERS: ReadonlyMap<string, { readonly keyword: string; readonly position: number }> = new Map([
  ['huggingface_hub.hf_hub_download', { keyword: 'repo_id', position: 0 }],
  ['huggingface_hub.snapshot_download', { keyword: 'repo_id', position: 0 }],
  ['huggingface_hub.file_download.hf_hub_download', { keyword: 'repo_id', position: 0 }],
  ['huggingface_hub._snapshot_download.snapshot_download', { keyword: 'repo_id', position: 0 }],
  ['datasets.load_dataset', { keyword: 'path', position: 0 }],
  ['sentence_transformers.SentenceTransformer', { keyword: 'model_name_or_path', position: 0 }],
  ['sentence_transformers.CrossEncoder', { keyword: 'model_name', position: 0 }],
  ['transformers.pipeline', { keyword: 'model', position: 1 }],
]);

/** A full or abbreviated git commit id. */
const COMMIT = /^[0-9a-f]{7,40}$/i;
/** `org/name` or a legacy top-level id such as `bert-base-uncased`. */
const HUB_ID = /^[A-Za-z0-9][\w.-]*(?:\/[A-Za-z0-9][\w.-]*)?$/;

type Params = { fn: string; repo: string; problem: string };
type Ctx = PythonRuleContext<Params>;

export const rule = definePythonRule<Params>({
  id: 'PY-SUPPLY-001',
  name: 'unpinned-model-download',
  title: 'Hugging Face Hub download not pinned to a commit',
  cwe: Cwe.DownloadWithoutIntegrityCheck,
  relatedCwe: [Cwe.UntrustedInclusion],
  severity: 'medium',
  confidence: 'high',
  description:
    'from_pretrained(), hf_hub_download(), snapshot_download(), load_dataset(), pipeline(model=…) or SentenceTransformer() fetches a Hub repository by name without revision= set to a commit hash.',
  explanation:
    'Without a pinned commit the call downloads whatever the repository\'s main branch (or the named branch or tag) holds at run time. Whoever controls that repository, including someone who takes over the account, can replace the weights, tokenizer or dataset script; pickle-based weights and remote code then run inside this process.',
  fix: 'Pin every download to a reviewed commit: AutoModel.from_pretrained("org/model", revision="<40-hex commit id>"), and prefer use_safetensors=True.',
  bandit: ['B615'],
  docs: {
    why: 'Model repositories are mutable: branches and tags can be moved and files replaced. Pinning the commit is the only way to get the artefact that was reviewed and tested, and it turns a silent swap into a failed download.',
    bad: 'from transformers import AutoModel\nmodel = AutoModel.from_pretrained("acme-research/sentiment-large")',
    good: 'from transformers import AutoModel\nmodel = AutoModel.from_pretrained("acme-research/sentiment-large", revision="4f6c2d9e0b1a7c3d5e8f9a0b1c2d3e4f5a6b7c8d")',
    notDetected:
      'Repository ids that are not constants, revisions that are not constants and local_files_only=True loads are not reported, because the value may well be a local directory or a pinned commit from configuration. A bare name without "-" or a digit (such as "model") is treated as a local directory.',
    references: [
      'https://cwe.mitre.org/data/definitions/494.html',
      'https://huggingface.co/docs/huggingface_hub/en/guides/download',
      'https://github.com/huggingface/transformers/blob/main/SECURITY.md',
    ],
  },
  message: ({ fn, repo, problem }) => `${fn}() downloads "${repo}" from the Hugging Face Hub ${problem}`,
  visits: ['call'],
  callees: [...lastNamesOf(DOWNLOADERS.keys()), 'from_pretrained'],
  check(ctx, call) {
    const target = downloadTarget(ctx, call);
    if (!target || callArguments(call).hasSplat) return [];
    const repo = ctx.constants.stringValue(target.repo);
    if (repo === undefined || !looksLikeHubId(ctx, repo) || loadsLocally(ctx, call)) return [];
    const problem = revisionProblem(ctx, call);
    return problem ? [ctx.report(call, { fn: target.fn, repo, problem })] : [];
  },
});

/** The repository-id argument of a Hub download call. */
function downloadTarget(ctx: Ctx, call: Node): { fn: string; repo: Node } | undefined {
  const name = ctx.callName(call);
  const downloader = name === undefined ? undefined : DOWNLOADERS.get(name);
  if (name && downloader) {
    const repo = argument(call, downloader.keyword, downloader.position);
    return repo ? { fn: lastSegment(name), repo } : undefined;
  }
  if (calleeLastName(call) !== 'from_pretrained' || !fromHubLibrary(ctx, name)) return undefined;
  const repo = argument(call, 'pretrained_model_name_or_path', 0) ?? argument(call, 'model_id', 0);
  return repo ? { fn: 'from_pretrained', repo } : undefined;
}

/** from_pretrained on a class from a Hub library, or on an unresolved name in a file that imports one. */
function fromHubLibrary(ctx: Ctx, name: string | undefined): boolean {
  if (name !== undefined) return HUB_LIBRARIES.some((lib) => name.startsWith(`${lib}.`));
  return HUB_LIBRARIES.some((lib) => ctx.names.importsModule(lib));
}

/** Not a path: no leading ./, / or ~, and a bare name only when it reads like a model id. */
function looksLikeHubId(ctx: Ctx, repo: string): boolean {
  if (!HUB_ID.test(repo) || repo.includes('..')) return false;
  if (!repo.includes('/') && !/[-\d]/.test(repo)) return false;
  return !savedLocally(ctx, repo);
}

/** The same name is written with save_pretrained() in this file, so it is a local directory. */
function savedLocally(ctx: Ctx, repo: string): boolean {
  return ctx.root.descendantsOfType('call').some((c) => {
    if (!c || calleeLastName(c) !== 'save_pretrained') return false;
    const dir = argument(c, 'save_directory', 0);
    return dir !== undefined && ctx.constants.stringValue(dir) === repo;
  });
}

function loadsLocally(ctx: Ctx, call: Node): boolean {
  const local = argument(call, 'local_files_only');
  return local !== undefined && ctx.constants.evaluate(local) === true;
}

/** Why the revision does not pin the download, or undefined when it does (or cannot be known). */
function revisionProblem(ctx: Ctx, call: Node): string | undefined {
  const revision = argument(call, 'revision') ?? argument(call, 'commit_hash');
  if (!revision) return 'without a revision, so it gets whatever the main branch holds at run time';
  const value = ctx.constants.evaluate(revision);
  if (typeof value !== 'string') return value === null ? 'with revision=None, which means the main branch' : undefined;
  return COMMIT.test(value) ? undefined : `at revision "${value}", a branch or tag that can be moved to other content`;
}
