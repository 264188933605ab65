import type { AppConfig } from '../config/app-config';
import type { Clock } from '../common/clock/clock';

/**
 * The AI ports an operator asks about: the four language tasks and the embeddings behind vector
 * retrieval. Each runs hosted (Gemini; Pinecone holds the vectors) when configured, with the local
 * implementation behind it.
 */
export const AI_STATUS_PORTS = [
  'harm_screen',
  'department_router',
  'answer_writer',
  'topic_labeler',
  'embeddings',
] as const;
export type AiStatusPort = (typeof AI_STATUS_PORTS)[number];

/** The latest time a hosted implementation failed and the local one answered instead. */
export interface AiFailure {
  at: Date;
  /** The failure's own words, with configured secrets removed and cut to MAX_FAILURE_MESSAGE_LENGTH. */
  message: string;
}

export interface AiPortStatus {
  /** Who answers first: the hosted provider when configured, else the local implementation. */
  provider: 'gemini' | 'local';
  /** The hosted model asked first; null when the local implementation is all there is. */
  model: string | null;
  /** What answers when the hosted provider fails; null when nothing stands behind the local one. */
  fallback: 'local' | null;
  /** Hosted failures since this process started (each was answered by the fallback). */
  failures_since_start: number;
  last_error: AiFailure | null;
}

/** The local sentence model behind hybrid retrieval, as this instance has it. */
export interface LocalModelStatus {
  /**
   * loaded; not_loaded: switched on, it loads at the first search; off: LOCAL_EMBEDDINGS=false;
   * unavailable: missing or failed to load (`reason` says which). Not loaded means lexical.
   */
  state: 'loaded' | 'not_loaded' | 'off' | 'unavailable';
  model: string | null;
  reason: string | null;
}

export interface EmbeddingsPortStatus extends AiPortStatus {
  /** Where hosted vectors live; null when retrieval is local (hybrid, or BM25 alone). */
  vector_store: 'pinecone' | null;
  local_model: LocalModelStatus;
}

export type AiStatus = Record<Exclude<AiStatusPort, 'embeddings'>, AiPortStatus> & {
  embeddings: EmbeddingsPortStatus;
};

/** What a fallback tells when its hosted implementation failed; the registry below is the one implementation. */
export interface AiFailureRecorder {
  recordFailure(port: AiStatusPort, error: unknown): void;
}

/** Long enough for an SDK's status line and the provider's reason, short enough for a status page. */
export const MAX_FAILURE_MESSAGE_LENGTH = 300;

/**
 * What a failure may say to an admin: its message, without any configured secret (an SDK may echo
 * a request URL or header in its error) nor anything shaped like a credential in a URL or a header,
 * on one line, bounded in length. Pure, so every redaction rule has a unit spec.
 */
export function describeFailure(error: unknown, secrets: readonly string[]): string {
  let message =
    error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  for (const secret of secrets) if (secret.length > 0) message = message.split(secret).join('[redacted]');
  message = message
    // `?key=…` is how Google's REST API takes a key; userinfo in a URL is a password.
    .replace(/([?&](?:key|api_key|apikey|token|access_token)=)[^&\s"']+/gi, '$1[redacted]')
    .replace(/(\/\/)[^/@\s"']+@/g, '$1[redacted]@')
    .replace(/\b(bearer|x-goog-api-key:?|api-key:?)\s+[^\s"',]+/gi, '$1 [redacted]')
    .replace(/\s+/g, ' ')
    .trim();
  if (message === '') message = 'unknown failure';
  return message.length > MAX_FAILURE_MESSAGE_LENGTH ? `${message.slice(0, MAX_FAILURE_MESSAGE_LENGTH - 1)}…` : message;
}

/**
 * Which AI implementation answers each port on this instance, and the last time each hosted one
 * failed. The fallbacks record into it as they hand a call to the local implementation. Kept in
 * process memory on purpose: the question is how this instance's calls fare, and a failure is
 * already in the logs, so nothing is lost when the process ends.
 */
export class AiStatusRegistry implements AiFailureRecorder {
  private readonly failures = new Map<AiStatusPort, { last: AiFailure; count: number }>();
  private readonly secrets: string[];
  private localModel: LocalModelStatus;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    const { gemini, pinecone } = config.ai;
    this.secrets = [gemini.apiKey, pinecone.apiKey].filter((secret): secret is string => Boolean(secret));
    this.localModel = {
      state: config.ai.localEmbeddings.enabled ? 'not_loaded' : 'off',
      model: null,
      reason: null,
    };
  }

  /** Told by the local embedder when it has loaded its model, or found it cannot. */
  recordLocalModel(status: LocalModelStatus): void {
    this.localModel = { ...status };
  }

  recordFailure(port: AiStatusPort, error: unknown): void {
    const last = { at: this.clock.now(), message: describeFailure(error, this.secrets) };
    this.failures.set(port, { last, count: (this.failures.get(port)?.count ?? 0) + 1 });
  }

  status(): AiStatus {
    const { gemini, pinecone } = this.config.ai;
    const language = (port: AiStatusPort): AiPortStatus => this.portStatus(port, gemini.apiKey ? gemini.model : null);
    return {
      harm_screen: language('harm_screen'),
      department_router: language('department_router'),
      answer_writer: language('answer_writer'),
      topic_labeler: language('topic_labeler'),
      // Vectors need both keys (the configuration refuses Pinecone without Gemini).
      embeddings: {
        ...this.portStatus('embeddings', pinecone.apiKey ? gemini.embeddingModel : null),
        vector_store: pinecone.apiKey ? 'pinecone' : null,
        local_model: { ...this.localModel },
      },
    };
  }

  private portStatus(port: AiStatusPort, hostedModel: string | null): AiPortStatus {
    const failures = this.failures.get(port);
    return {
      provider: hostedModel ? 'gemini' : 'local',
      model: hostedModel,
      fallback: hostedModel ? 'local' : null,
      failures_since_start: failures?.count ?? 0,
      last_error: failures ? { at: new Date(failures.last.at), message: failures.last.message } : null,
    };
  }
}
