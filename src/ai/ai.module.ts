import { Module } from '@nestjs/common';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DEPARTMENT_ROUTER, HARM_SCREEN } from './ai.ports';
import { FallbackDepartmentRouter, FallbackHarmScreen } from './fallback';
import { GeminiDepartmentRouter, GeminiHarmScreen } from './gemini/gemini-ai';
import { GeminiJson } from './gemini/gemini-json';
import { LocalDepartmentRouter } from './local/local-department-router';
import { LocalHarmScreen } from './local/local-harm-screen';

/**
 * The AI ports. Local implementations always; with GEMINI_API_KEY, Gemini first and local as the
 * fallback on failure or timeout.
 */
@Module({
  providers: [
    LocalHarmScreen,
    LocalDepartmentRouter,
    {
      provide: HARM_SCREEN,
      inject: [APP_CONFIG, ROOT_LOGGER, LocalHarmScreen],
      useFactory: (config: AppConfig, root: AppLogger, local: LocalHarmScreen) =>
        config.ai.gemini.apiKey
          ? new FallbackHarmScreen(new GeminiHarmScreen(new GeminiJson(config)), local, root.child({ module: 'ai' }))
          : local,
    },
    {
      provide: DEPARTMENT_ROUTER,
      inject: [APP_CONFIG, ROOT_LOGGER, LocalDepartmentRouter],
      useFactory: (config: AppConfig, root: AppLogger, local: LocalDepartmentRouter) =>
        config.ai.gemini.apiKey
          ? new FallbackDepartmentRouter(
              new GeminiDepartmentRouter(new GeminiJson(config)),
              local,
              root.child({ module: 'ai' }),
            )
          : local,
    },
  ],
  exports: [HARM_SCREEN, DEPARTMENT_ROUTER],
})
export class AiModule {}
