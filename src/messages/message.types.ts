import type { MessageFeedback, MessageType } from './message.schema';
import type { UserRole } from '../domain/user-role';

export interface MessageRecord {
  id: string;
  ticket_id: string;
  sender_id: string;
  sender_role: UserRole;
  message_type: MessageType;
  content: string;
  isAI: boolean;
  feedback: MessageFeedback;
  timestamp: Date;
  source_document_ids: string[];
}
