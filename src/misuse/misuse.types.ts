export const MISUSE_TYPES = ['duplicate_tickets', 'spam_content', 'abusive_language', 'jailbreak_attempt'] as const;
export type MisuseType = (typeof MISUSE_TYPES)[number];
export const SEVERITY_LEVELS = ['low', 'medium', 'high'] as const;
export type SeverityLevel = (typeof SEVERITY_LEVELS)[number];
export const DETECTION_WINDOWS = [24, 168] as const;
export type DetectionWindowHours = (typeof DETECTION_WINDOWS)[number];

/** One pattern of one user, before it is stored as (or merged into) the day's report. */
export interface MisuseFinding {
  misuse_type: MisuseType;
  severity_level: SeverityLevel;
  evidence_data: { ticket_ids: string[]; content_samples: string[]; pattern_analysis: string };
  detection_confidence: number;
  model_reasoning: string;
}

export interface MisuseReportRecord {
  id: string;
  user_id: string;
  detection_date: Date;
  /** The UTC day the report belongs to; one report per user, type and day. */
  detection_day: string;
  misuse_type: MisuseType;
  severity_level: SeverityLevel;
  evidence_data: MisuseFinding['evidence_data'];
  admin_reviewed: boolean;
  action_taken: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  ai_analysis_metadata: { detection_confidence: number; model_reasoning: string; analysis_timestamp: Date };
  window_hours: number;
  created_at: Date;
  updated_at: Date;
}
