import { describe, expect, it } from 'vitest';
import { cacheKey } from '../../src/review/llm/cache.js';
import { parseDuration, resolveLlmSettings } from '../../src/review/llm/settings.js';

describe('LLM settings', () => {
  it('takes flags first, then the environment, then the defaults', () => {
    const env = { SECREVIEW_LLM_MODEL: 'env-model', SECREVIEW_LLM_BASE_URL: 'http://gpu:8000/v1/', OPENAI_API_KEY: 'sk-openai' };
    const fromEnv = resolveLlmSettings({ llm: true }, env, '/work');
    expect(fromEnv).toMatchObject({ settings: { model: 'env-model', baseUrl: 'http://gpu:8000/v1', apiKey: 'sk-openai', promptDesign: 'full', timeoutMs: 120_000, maxTokens: 2048, cacheDir: '/work/.secreview-cache/llm' } });
    const fromFlags = resolveLlmSettings({ llm: true, llmModel: 'flag-model', llmBaseUrl: 'http://localhost:1234/v1', llmTimeout: '2m', llmMaxTokens: '512', llmPrompt: 'cot', cache: false }, { ...env, SECREVIEW_LLM_API_KEY: 'sk-own' }, '/work');
    expect(fromFlags).toEqual({
      settings: { baseUrl: 'http://localhost:1234/v1', model: 'flag-model', apiKey: 'sk-own', timeoutMs: 120_000, maxTokens: 512, promptDesign: 'cot', concurrency: 2, retries: 2, chunkTokens: 3000 },
      designs: ['cot'],
    });
    expect(resolveLlmSettings({ llmModel: 'm' }, {}, '/w')).toMatchObject({ settings: { baseUrl: 'http://localhost:11434/v1' } });
  });

  it.each([
    [{}, '--llm needs a model'],
    [{ llmModel: 'm', llmBaseUrl: 'localhost:11434' }, '--llm-base-url: "localhost:11434" is not an http(s) URL'],
    [{ llmModel: 'm', llmPrompt: 'fancy' }, '--llm-prompt: unknown prompt design "fancy"'],
    [{ llmModel: 'm', llmTimeout: 'soon' }, '--llm-timeout: "soon" is not a duration'],
    [{ llmModel: 'm', llmMaxTokens: '-5' }, '--llm-max-tokens: "-5" is not a positive whole number'],
  ])('explains bad options %j', (values, message) => {
    expect(resolveLlmSettings(values, {}, '/w')).toEqual(expect.stringContaining(message));
  });

  it('accepts several prompt designs for comparison', () => {
    expect(resolveLlmSettings({ llmModel: 'm', llmPrompt: 'basic, full,basic' }, {}, '/w')).toMatchObject({ designs: ['basic', 'full'] });
  });

  it('parses durations', () => {
    expect([parseDuration('90'), parseDuration('90s'), parseDuration('1500ms'), parseDuration('2m'), parseDuration('0'), parseDuration('x')]).toEqual([90_000, 90_000, 1500, 120_000, undefined, undefined]);
  });

  it('keys the cache by model, prompt design and the exact messages', () => {
    const messages = [{ role: 'user' as const, content: 'code' }];
    const key = cacheKey('m', 'full', messages);
    expect(cacheKey('m', 'full', [{ role: 'user', content: 'code' }])).toBe(key);
    expect(cacheKey('m2', 'full', messages)).not.toBe(key);
    expect(cacheKey('m', 'basic', messages)).not.toBe(key);
    expect(cacheKey('m', 'full', [{ role: 'user', content: 'code!' }])).not.toBe(key);
  });
});
