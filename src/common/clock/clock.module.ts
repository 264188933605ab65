import { Global, Module } from '@nestjs/common';
import { Clock } from './clock';

/** One clock for the whole app (a global provider: every feature reads the same time). */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
