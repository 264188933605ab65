import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { SessionsModule } from '../auth/sessions/sessions.module';
import { PasswordHasher } from './password-hasher';
import { SeedService } from './seed/seed.service';
import { UserDocument, UserSchema } from './user.schema';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [MongooseModule.forFeature([{ name: UserDocument.name, schema: UserSchema }]), SessionsModule],
  controllers: [UsersController],
  providers: [UsersRepository, UsersService, PasswordHasher, SeedService],
  exports: [UsersRepository, PasswordHasher, SeedService],
})
export class UsersModule {}
