import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MessageDocument, MessageSchema } from './message.schema';
import { MessagesRepository } from './messages.repository';

@Module({
  imports: [MongooseModule.forFeature([{ name: MessageDocument.name, schema: MessageSchema }])],
  providers: [MessagesRepository],
  exports: [MessagesRepository],
})
export class MessagesModule {}
