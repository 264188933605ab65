import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { RefreshTokenDocument, RefreshTokenSchema, SessionDocument, SessionSchema } from './session.schema';
import { SessionsRepository } from './sessions.repository';

/** Sessions are shared by auth (sign-in, refresh, logout) and users (ending a user's sessions). */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: SessionDocument.name, schema: SessionSchema },
      { name: RefreshTokenDocument.name, schema: RefreshTokenSchema },
    ]),
  ],
  providers: [SessionsRepository],
  exports: [SessionsRepository],
})
export class SessionsModule {}
