import { IsBoolean, IsString } from 'class-validator';
import { PostMessageDto } from '../../messages/dto/message.dto';
import { IsTicketRef } from '../../tickets/ticket-id';

export class TicketRefPayload {
  // The same rule as the `{id}` of REST paths (TicketIdPipe).
  @IsString()
  @IsTicketRef()
  ticket_id!: string;
}

/**
 * The REST body of POST /tickets/{id}/messages (content, isAI, source_document_ids, with its
 * validators) plus the ticket it goes to: one definition, so the two cannot drift apart.
 */
export class SendMessagePayload extends PostMessageDto {
  @IsString()
  @IsTicketRef()
  ticket_id!: string;
}

export class TypingPayload extends TicketRefPayload {
  @IsBoolean()
  is_typing!: boolean;
}
