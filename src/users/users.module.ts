import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { BootstrapAdminService } from './bootstrap-admin.service';
import { PasswordHasher } from './password-hasher';
import { UserDocument, UserSchema } from './user.schema';
import { UsersRepository } from './users.repository';

@Module({
  imports: [MongooseModule.forFeature([{ name: UserDocument.name, schema: UserSchema }])],
  providers: [UsersRepository, PasswordHasher, BootstrapAdminService],
  exports: [UsersRepository, PasswordHasher],
})
export class UsersModule {}
