import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MessageDocument, MessageSchema } from './message.schema';
import { MessagesRepository } from './messages.repository';

/** The messages collection, shared by tickets (a ticket comes with its conversation) and the chat API. */
@Module({
  imports: [MongooseModule.forFeature([{ name: MessageDocument.name, schema: MessageSchema }])],
  providers: [MessagesRepository],
  exports: [MessagesRepository],
})
export class MessageStoreModule {}
