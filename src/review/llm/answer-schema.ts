/**
 * The JSON Schema of the answer, sent as `response_format: json_schema` to servers that support
 * structured output (OpenAI, vLLM, llama.cpp, recent Ollama). Strict mode needs every property
 * listed as required and no additional properties.
 */
export const ANSWER_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['verdict', 'findings'],
  properties: {
    verdict: { type: 'string', enum: ['clean', 'defects'] },
    findings: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['cwe', 'line', 'endLine', 'code', 'title', 'explanation', 'fix', 'confidence'],
        properties: {
          cwe: { type: 'string', pattern: '^CWE-[0-9]+$' },
          line: { type: 'integer' },
          endLine: { type: 'integer' },
          code: { type: 'string' },
          title: { type: 'string' },
          explanation: { type: 'string' },
          fix: { type: 'string' },
          confidence: { type: 'string', enum: ['low', 'medium', 'high'] },
        },
      },
    },
  },
} as const;
