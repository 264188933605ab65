import { Module } from '@nestjs/common';
import { DEPARTMENT_ROUTER, HARM_SCREEN } from './ai.ports';
import { LocalDepartmentRouter } from './local/local-department-router';
import { LocalHarmScreen } from './local/local-harm-screen';

/** The AI ports, bound to the local implementations (hosted providers join behind the same tokens). */
@Module({
  providers: [
    { provide: HARM_SCREEN, useClass: LocalHarmScreen },
    { provide: DEPARTMENT_ROUTER, useClass: LocalDepartmentRouter },
  ],
  exports: [HARM_SCREEN, DEPARTMENT_ROUTER],
})
export class AiModule {}
