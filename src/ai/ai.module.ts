import { Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import {
  ANSWER_WRITER,
  DEPARTMENT_ROUTER,
  HARM_SCREEN,
  type AnswerWriter,
  type DepartmentRouter,
  type HarmScreen,
} from './ai.ports';
import { FallbackAnswerWriter, FallbackDepartmentRouter, FallbackHarmScreen } from './fallback';
import { GeminiAnswerWriter } from './gemini/gemini-answer-writer';
import { GeminiDepartmentRouter, GeminiHarmScreen } from './gemini/gemini-ai';
import { GeminiJson } from './gemini/gemini-json';
import { LocalAnswerWriter } from './local/local-answer-writer';
import { LocalDepartmentRouter } from './local/local-department-router';
import { LocalHarmScreen } from './local/local-harm-screen';

/**
 * A port's provider: the local implementation, or with GEMINI_API_KEY Gemini first and the local
 * one as the fallback on failure or timeout.
 */
function geminiOrLocal<Port>(
  token: symbol,
  local: new (...args: never[]) => Port,
  withGemini: (gemini: GeminiJson, local: Port, logger: Logger) => Port,
) {
  return {
    provide: token,
    inject: [APP_CONFIG, ROOT_LOGGER, local],
    useFactory: (config: AppConfig, root: AppLogger, localPort: Port): Port =>
      config.ai.gemini.apiKey ? withGemini(new GeminiJson(config), localPort, root.child({ module: 'ai' })) : localPort,
  };
}

/** The AI ports: the harm screen, the department router and the answer writer. */
@Module({
  providers: [
    LocalHarmScreen,
    LocalDepartmentRouter,
    LocalAnswerWriter,
    geminiOrLocal<HarmScreen>(
      HARM_SCREEN,
      LocalHarmScreen,
      (gemini, local, logger) => new FallbackHarmScreen(new GeminiHarmScreen(gemini), local, logger),
    ),
    geminiOrLocal<DepartmentRouter>(
      DEPARTMENT_ROUTER,
      LocalDepartmentRouter,
      (gemini, local, logger) => new FallbackDepartmentRouter(new GeminiDepartmentRouter(gemini), local, logger),
    ),
    geminiOrLocal<AnswerWriter>(
      ANSWER_WRITER,
      LocalAnswerWriter,
      (gemini, local, logger) => new FallbackAnswerWriter(new GeminiAnswerWriter(gemini), local, logger),
    ),
  ],
  exports: [HARM_SCREEN, DEPARTMENT_ROUTER, ANSWER_WRITER],
})
export class AiModule {}
