import { IsBoolean, IsString, Length, Matches } from 'class-validator';
import { Trimmed } from '../../tickets/dto/ticket-fields';
import { MESSAGE_MAX_LENGTH } from '../../messages/dto/message.dto';
import { Optional } from '../../common/http/optional';

const TICKET_ID = /^([0-9a-f]{24}|TKT-\d{13,}-[A-Z0-9]{6})$/;

export class TicketRefPayload {
  @IsString()
  @Matches(TICKET_ID, { message: 'ticket_id must be a ticket_id (TKT-…) or an ObjectId' })
  ticket_id!: string;
}

export class SendMessagePayload extends TicketRefPayload {
  @Trimmed()
  @IsString()
  @Length(1, MESSAGE_MAX_LENGTH)
  content!: string;

  @Optional()
  @IsBoolean()
  isAI?: boolean;
}

export class TypingPayload extends TicketRefPayload {
  @IsBoolean()
  is_typing!: boolean;
}
