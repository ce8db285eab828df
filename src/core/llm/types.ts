// Contract between the LLM client (producer) and the repair loop and generators (consumers).

export interface LlmConfig {
  /** OpenAI-compatible base URL, e.g. https://api.openai.com/v1 or http://localhost:11434/v1. */
  baseURL: string;
  apiKey?: string;
  model: string;
  headers?: Record<string, string>;
  /** Per request, including streaming. */
  timeoutMs: number;
  maxRetries: number;
  temperature: number;
  /** Upper bound on prompt + completion tokens of one request. */
  tokenBudget: number;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface CompletionRequest {
  messages: ChatMessage[];
  /** Number of independent answers wanted. */
  n?: number;
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
  /** Streamed text as it arrives, per answer. */
  onDelta?: (choice: number, text: string) => void;
  /** What the request is for, for the log and the per-fix accounting ("repair round 2"). */
  purpose?: string;
  /**
   * Called before a retry: text already streamed through onDelta for these answers is void and
   * will be streamed again.
   */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

export interface TokenUsage {
  prompt: number;
  completion: number;
}

export interface CompletionResult {
  /** One text per answer (length n unless the server failed some). */
  texts: string[];
  usage: TokenUsage;
  ms: number;
  model: string;
  /** Per answer: 'stop', 'length' (cut by the token limit: likely a truncated answer), ... */
  finishReasons?: (string | null)[];
  /** True when the server reported no usage and the tokens were counted locally. */
  usageEstimated?: boolean;
  /** HTTP requests made, retries included. */
  requests?: number;
}

export interface LlmClient {
  complete(request: CompletionRequest): Promise<CompletionResult>;
}
