import { ApiProperty } from '@nestjs/swagger';
import { EXAMPLE_IDS, EXAMPLE_TIMES } from '../../common/http/example-ids';
import { USER_ROLES, type UserRole } from '../../domain/user-role';
import { MESSAGE_FEEDBACK, MESSAGE_TYPES, type MessageFeedback, type MessageType } from '../message.schema';
import type { MessageRecord } from '../message.types';

/** A message as the API answers it, over REST and in socket events alike. */
export class MessageResponseDto {
  @ApiProperty({ example: EXAMPLE_IDS.message }) id!: string;
  @ApiProperty({ example: EXAMPLE_IDS.ticket, description: "The ticket's ObjectId" }) ticket_id!: string;
  @ApiProperty({ example: EXAMPLE_IDS.alice }) sender_id!: string;
  @ApiProperty({ enum: USER_ROLES, example: 'user' }) sender_role!: UserRole;
  @ApiProperty({
    enum: MESSAGE_TYPES,
    example: 'user_message',
    description: "From the sender's role: user_message for requesters, agent_message for agents and admins",
  })
  message_type!: MessageType;
  @ApiProperty({ example: 'I restarted it, still the same.' }) content!: string;
  @ApiProperty({ example: false, description: 'An AI-drafted reply an agent sent' }) isAI!: boolean;
  @ApiProperty({
    enum: MESSAGE_FEEDBACK,
    example: 'none',
    description: 'Set by anyone who sees the ticket but the sender; the sender too on an AI-drafted reply',
  })
  feedback!: MessageFeedback;
  @ApiProperty({ type: String, format: 'date-time', example: EXAMPLE_TIMES.aliceReplied }) timestamp!: Date;
  @ApiProperty({
    type: [String],
    example: [],
    description: 'AI-drafted replies: the knowledge-base documents they drew on',
  })
  source_document_ids!: string[];
}

export function toMessageResponse(message: MessageRecord): MessageResponseDto {
  return { ...message };
}
