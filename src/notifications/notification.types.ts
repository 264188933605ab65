export const NOTIFICATION_TYPES = [
  'ticket_created',
  'ticket_assigned',
  'message_received',
  'ticket_status_changed',
  'misuse_detected',
  'sla_warning',
  'sla_breached',
  'system',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export interface NotificationRecord {
  notification_id: string;
  user_id: string;
  title: string;
  message: string;
  type: NotificationType;
  read: boolean;
  created_at: Date;
  data: Record<string, unknown>;
}

/** What a rule decides to tell; the recipients come separately. */
export type NewNotification = Pick<NotificationRecord, 'title' | 'message' | 'type' | 'data'>;
