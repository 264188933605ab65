import { Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { Clock } from '../common/clock/clock';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import {
  ANSWER_WRITER,
  DEPARTMENT_ROUTER,
  HARM_SCREEN,
  TOPIC_LABELER,
  type AnswerWriter,
  type DepartmentRouter,
  type HarmScreen,
  type TopicLabeler,
} from './ai.ports';
import { AiStatusRegistry, type AiFailureRecorder } from './ai-status';
import { FallbackAnswerWriter, FallbackDepartmentRouter, FallbackHarmScreen, FallbackTopicLabeler } from './fallback';
import { GeminiAnswerWriter } from './gemini/gemini-answer-writer';
import { GeminiDepartmentRouter, GeminiHarmScreen } from './gemini/gemini-ai';
import { GeminiJson } from './gemini/gemini-json';
import { GeminiTopicLabeler } from './gemini/gemini-topic-labeler';
import { LocalEmbedder } from './local/embeddings/local-embedder';
import { LocalAnswerWriter } from './local/local-answer-writer';
import { LocalDepartmentRouter } from './local/local-department-router';
import { LocalHarmScreen } from './local/local-harm-screen';
import { LocalTopicLabeler } from './local/local-topic-labeler';

/**
 * A port's provider: the local implementation, or with GEMINI_API_KEY Gemini first and the local
 * one as the fallback on failure or timeout, which records each failure in the status registry.
 */
function geminiOrLocal<Port>(
  token: symbol,
  local: new (...args: never[]) => Port,
  withGemini: (gemini: GeminiJson, local: Port, logger: Logger, failures: AiFailureRecorder) => Port,
) {
  return {
    provide: token,
    inject: [APP_CONFIG, ROOT_LOGGER, AiStatusRegistry, local],
    useFactory: (config: AppConfig, root: AppLogger, status: AiStatusRegistry, localPort: Port): Port =>
      config.ai.gemini.apiKey
        ? withGemini(new GeminiJson(config), localPort, root.child({ module: 'ai' }), status)
        : localPort,
  };
}

/**
 * The AI ports: the harm screen, the department router, the answer writer and the topic labeller
 * of trending topics; and the status
 * registry (which implementation answers each port, the last hosted failure) for
 * GET /admin/system-status. One registry per app, so two apps in one process keep their own.
 */
@Module({
  providers: [
    {
      provide: AiStatusRegistry,
      inject: [APP_CONFIG, Clock],
      useFactory: (config: AppConfig, clock: Clock) => new AiStatusRegistry(config, clock),
    },
    LocalHarmScreen,
    LocalDepartmentRouter,
    LocalAnswerWriter,
    LocalTopicLabeler,
    LocalEmbedder,
    geminiOrLocal<HarmScreen>(
      HARM_SCREEN,
      LocalHarmScreen,
      (gemini, local, logger, failures) =>
        new FallbackHarmScreen(new GeminiHarmScreen(gemini), local, logger, failures),
    ),
    geminiOrLocal<DepartmentRouter>(
      DEPARTMENT_ROUTER,
      LocalDepartmentRouter,
      (gemini, local, logger, failures) =>
        new FallbackDepartmentRouter(new GeminiDepartmentRouter(gemini), local, logger, failures),
    ),
    geminiOrLocal<AnswerWriter>(
      ANSWER_WRITER,
      LocalAnswerWriter,
      (gemini, local, logger, failures) =>
        new FallbackAnswerWriter(new GeminiAnswerWriter(gemini), local, logger, failures),
    ),
    geminiOrLocal<TopicLabeler>(
      TOPIC_LABELER,
      LocalTopicLabeler,
      (gemini, local, logger, failures) =>
        new FallbackTopicLabeler(new GeminiTopicLabeler(gemini), local, logger, failures),
    ),
  ],
  exports: [HARM_SCREEN, DEPARTMENT_ROUTER, ANSWER_WRITER, TOPIC_LABELER, AiStatusRegistry, LocalEmbedder],
})
export class AiModule {}
