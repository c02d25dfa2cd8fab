import type { FileError, LlmClaim, LlmRejection } from '../../core/result.js';
import type { ReplyCache } from './cache.js';
import { cacheKey } from './cache.js';
import { chunkFile, splitLines } from './chunk.js';
import type { Chunk } from './chunk.js';
import { LlmCallError } from './client.js';
import type { ChatClient } from './client.js';
import { parseAnswer } from './parse.js';
import type { ParsedAnswer } from './parse.js';
import { mapWithConcurrency } from '../pool.js';
import { buildMessages, repairMessage } from './prompt.js';
import { FormatNegotiator } from './retry.js';
import type { RetryPolicy } from './retry.js';
import type { PromptTemplates } from './templates.js';
import type { ChatMessage, LlmSettings, LlmSourceFile } from './types.js';
import { mergeDuplicateClaims, verifyClaims } from './verify.js';
import type { VerifiedClaim } from './verify.js';

/** What the LLM reviewer is asked to review. */
export interface LlmReviewInput {
  readonly files: readonly LlmSourceFile[];
  readonly commitMessage?: string;
  /** Display name of the language for the prompt. */
  readonly language?: string;
}

/** Everything the reviewer talks to; tests pass fakes or a client pointed at a local fake server. */
export interface LlmReviewDeps {
  readonly client: ChatClient;
  readonly templates: PromptTemplates;
  readonly retry: RetryPolicy;
  readonly cache?: ReplyCache;
}

/** The verified claims of a run, what was rejected and why, and what failed. */
export interface LlmReviewOutput {
  readonly claims: readonly VerifiedClaim[];
  readonly rejected: readonly LlmRejection[];
  readonly chunks: number;
  readonly cachedChunks: number;
  readonly failedChunks: number;
  readonly errors: readonly FileError[];
}

type ChunkOutcome =
  | { readonly ok: true; readonly cached: boolean; readonly answer: ParsedAnswer }
  | { readonly ok: false; readonly reason: string; readonly fatal: boolean };

interface Job {
  readonly chunk: Chunk;
  readonly file: LlmSourceFile;
}

/** A run's shared state: the format the server accepts and the first fatal failure, if any. */
interface RunState {
  readonly negotiator: FormatNegotiator;
  fatal?: string;
}

/** Reviews every file chunk by chunk, verifies each claim, and merges duplicate claims. */
export async function reviewWithLlm(input: LlmReviewInput, settings: LlmSettings, deps: LlmReviewDeps): Promise<LlmReviewOutput> {
  const jobs: Job[] = input.files.flatMap((file) => chunkFile(file, settings.chunkTokens).map((chunk) => ({ chunk, file })));
  const state: RunState = { negotiator: new FormatNegotiator(deps.client, deps.retry) };
  const outcomes = await mapWithConcurrency(jobs, settings.concurrency, (job) => reviewChunk(job, input, settings, deps, state));
  const accepted: VerifiedClaim[] = [];
  const rejected: LlmRejection[] = [];
  outcomes.forEach((outcome, i) => {
    const job = jobs[i];
    if (!outcome.ok || !job) return;
    const checked = checkAnswer(outcome.answer, job);
    accepted.push(...checked.accepted);
    rejected.push(...checked.rejected);
  });
  return {
    claims: mergeDuplicateClaims(accepted),
    rejected,
    chunks: jobs.length,
    cachedChunks: outcomes.filter((o) => o.ok && o.cached).length,
    failedChunks: outcomes.filter((o) => !o.ok).length,
    errors: failureDiagnostics(jobs, outcomes, settings),
  };
}

function checkAnswer(answer: ParsedAnswer, job: Job): { accepted: VerifiedClaim[]; rejected: LlmRejection[] } {
  const file = job.file.path;
  const claims: LlmClaim[] = answer.claims.map((c) => ({ file, ...c }));
  const result = verifyClaims(claims, {
    file,
    fileLines: splitLines(job.file.text),
    shown: new Set(job.chunk.lines.map((l) => l.number)),
    ...(job.file.changedLines ? { changedLines: job.file.changedLines } : {}),
  });
  const malformed = Array.from({ length: answer.malformed }, () => ({ claim: { file }, reason: 'malformed finding: not a JSON object' }));
  return { accepted: result.accepted, rejected: [...result.rejected, ...malformed] };
}

async function reviewChunk(job: Job, input: LlmReviewInput, settings: LlmSettings, deps: LlmReviewDeps, state: RunState): Promise<ChunkOutcome> {
  if (state.fatal !== undefined) return { ok: false, reason: state.fatal, fatal: true };
  const messages = buildMessages(
    settings.promptDesign,
    { chunk: job.chunk, language: input.language ?? 'Python', ...optional('commitMessage', job.file.commitMessage ?? input.commitMessage) },
    deps.templates,
  );
  const key = cacheKey(settings.model, settings.promptDesign, messages);
  const cached = await deps.cache?.get(key);
  if (cached !== undefined) {
    const parsed = parseAnswer(cached);
    if (parsed.ok) return { ok: true, cached: true, answer: parsed.answer };
  }
  try {
    const answer = await askWithRepair(messages, settings, deps, state);
    if (answer.ok) await deps.cache?.set(key, answer.content);
    return answer.ok ? { ok: true, cached: false, answer: answer.answer } : { ok: false, reason: answer.problem, fatal: false };
  } catch (error) {
    const failure = error instanceof LlmCallError ? error : new LlmCallError(String(error), 'connection');
    if (failure.fatal) state.fatal ??= failure.message;
    return { ok: false, reason: failure.message, fatal: failure.fatal };
  }
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

type Asked = { readonly ok: true; readonly content: string; readonly answer: ParsedAnswer } | { readonly ok: false; readonly problem: string };

/** One request, and one repair request when the answer is not usable JSON. */
async function askWithRepair(messages: readonly ChatMessage[], settings: LlmSettings, deps: LlmReviewDeps, state: RunState): Promise<Asked> {
  const first = await state.negotiator.complete(messages);
  const parsed = parseAnswer(first.content);
  if (parsed.ok) return { ok: true, content: first.content, answer: parsed.answer };
  const problem = parsed.problem + (first.truncated ? ` (the answer was cut off at ${settings.maxTokens} tokens; raise --llm-max-tokens)` : '');
  const repair = [...messages, { role: 'assistant', content: first.content } as const, repairMessage(problem, deps.templates)];
  const second = await state.negotiator.complete(repair);
  const reparsed = parseAnswer(second.content);
  if (reparsed.ok) return { ok: true, content: second.content, answer: reparsed.answer };
  return { ok: false, problem: `the model's answer was not usable JSON, also after one repair request: ${reparsed.problem}` };
}

/**
 * One diagnostic per file whose chunks failed, and a single one for a failure that stopped the
 * whole LLM step (unreachable server, refused key, unknown model) instead of one per chunk.
 */
function failureDiagnostics(jobs: readonly Job[], outcomes: readonly ChunkOutcome[], settings: LlmSettings): FileError[] {
  const errors: FileError[] = [];
  const failed = outcomes.filter((o): o is Extract<ChunkOutcome, { ok: false }> => !o.ok);
  const fatal = failed.find((o) => o.fatal);
  if (fatal) {
    const count = failed.filter((o) => o.fatal).length;
    errors.push({
      file: '',
      kind: 'llm',
      message: `the LLM reviewer (${settings.model} at ${settings.baseUrl}) failed: ${fatal.reason}; ${count} of ${jobs.length} chunks were not reviewed by it. The static findings are complete.`,
    });
  }
  const byFile = new Map<string, { failed: string[]; total: number }>();
  jobs.forEach((job, i) => {
    const entry = byFile.get(job.file.path) ?? { failed: [], total: 0 };
    entry.total += 1;
    const outcome = outcomes[i];
    if (outcome && !outcome.ok && !outcome.fatal) entry.failed.push(outcome.reason);
    byFile.set(job.file.path, entry);
  });
  for (const [file, entry] of byFile) {
    if (entry.failed.length === 0) continue;
    const reasons = [...new Set(entry.failed)].join('; ');
    errors.push({
      file,
      kind: 'llm',
      message: `the LLM review of ${file} failed for ${entry.failed.length} of ${entry.total} chunk${entry.total === 1 ? '' : 's'}: ${reasons}. The static findings for it are complete.`,
    });
  }
  return errors;
}
