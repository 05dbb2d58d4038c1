/**
 * One call to Anthropic's Messages API: the only owner of `@anthropic-ai/sdk` (loaded
 * lazily, never by the hook path). Every failure becomes an `LlmError` with a kind the
 * caller can report in one line; nothing is retried.
 */
import type { TokenUsage } from './pricing.js';

/** One request: a system prompt, one user message, and the JSON schema the answer must follow. */
export interface MessageRequest {
  model: string;
  system: string;
  user: string;
  /** Most output tokens. */
  maxTokens: number;
  /** JSON schema for `output_config.format` (structured outputs). */
  schema: Record<string, unknown>;
  /** How long the call may take, in ms. */
  timeoutMs: number;
}

/** Where and as whom to call: the API key, and a base URL (null: the SDK's default, or `ANTHROPIC_BASE_URL`). */
export interface Connection {
  apiKey: string;
  baseURL: string | null;
}

/** What came back: the text of the answer's text blocks, its usage and why it stopped. */
export interface MessageResult {
  text: string;
  usage: TokenUsage;
  /** `end_turn`, `max_tokens`, `refusal`…, or null. */
  stopReason: string | null;
  /** The model that answered (as the API reports it). */
  model: string;
}

/** Why a call failed. */
export type LlmFailure = 'auth' | 'rate-limit' | 'server' | 'timeout' | 'connection' | 'bad-request' | 'malformed';

/** A failed call: its kind, the HTTP status when there was one, and the usage when tokens were billed. */
export class LlmError extends Error {
  readonly kind: LlmFailure;
  readonly status: number | null;
  /** Tokens billed despite the failure (a malformed answer is still billed), or null. */
  readonly usage: TokenUsage | null;

  constructor(kind: LlmFailure, message: string, status: number | null = null, usage: TokenUsage | null = null) {
    super(message);
    this.name = 'LlmError';
    this.kind = kind;
    this.status = status;
    this.usage = usage;
  }
}

/**
 * Send `req` once (no retries), with `output_config.format` set to the schema. Throws
 * `LlmError`: `auth` (401/403), `rate-limit` (429), `server` (5xx, 529), `timeout`,
 * `connection`, `bad-request` (other 4xx), or `malformed` (no text in the answer).
 */
export async function createMessage(req: MessageRequest, conn: Connection): Promise<MessageResult> {
  const sdk = await import('@anthropic-ai/sdk');
  const Anthropic = sdk.default;
  const client = new Anthropic({ apiKey: conn.apiKey, baseURL: conn.baseURL ?? undefined, maxRetries: 0, timeout: req.timeoutMs, logLevel: 'off' });
  let response;
  try {
    response = await client.messages.create({
      model: req.model,
      max_tokens: req.maxTokens,
      system: req.system,
      messages: [{ role: 'user', content: req.user }],
      output_config: { format: { type: 'json_schema', schema: req.schema } },
    });
  } catch (err) {
    throw classify(err, sdk);
  }
  const usage = readUsage(response.usage);
  const text = response.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
  if (!text) throw new LlmError('malformed', `the answer held no text (stop reason: ${response.stop_reason ?? 'none'})`, null, usage);
  return { text, usage, stopReason: response.stop_reason ?? null, model: response.model ?? req.model };
}

function readUsage(u: { input_tokens?: number | null; output_tokens?: number | null; cache_read_input_tokens?: number | null; cache_creation_input_tokens?: number | null } | undefined): TokenUsage {
  const n = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);
  return { inputTokens: n(u?.input_tokens), outputTokens: n(u?.output_tokens), cacheReadTokens: n(u?.cache_read_input_tokens), cacheWriteTokens: n(u?.cache_creation_input_tokens) };
}

function classify(err: unknown, sdk: typeof import('@anthropic-ai/sdk')): LlmError {
  if (err instanceof sdk.APIConnectionTimeoutError) return new LlmError('timeout', 'the request timed out');
  if (err instanceof sdk.APIConnectionError) return new LlmError('connection', `no connection: ${firstLine(err.message)}`);
  if (err instanceof sdk.APIError && typeof err.status === 'number') {
    const s = err.status;
    const kind: LlmFailure = s === 401 || s === 403 ? 'auth' : s === 429 ? 'rate-limit' : s >= 500 ? 'server' : 'bad-request';
    return new LlmError(kind, `HTTP ${s}: ${firstLine(err.message)}`, s);
  }
  return new LlmError('malformed', firstLine(err instanceof Error ? err.message : String(err)));
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 200);
}
