import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';
import { OUTBOX_EVENTS_INDEX, OutboxEventSchema, type OutboxEvent } from '../database/outbox';
import { MISUSE_TYPES, SEVERITY_LEVELS, type MisuseType, type SeverityLevel } from './misuse.types';

@Schema({
  collection: 'misuse_reports',
  versionKey: false,
  timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' },
})
export class MisuseReportDocument {
  @Prop({ type: Types.ObjectId, required: true }) user_id!: Types.ObjectId;
  /** When the pattern was last confirmed (reruns on the same day move it). */
  @Prop({ type: Date, required: true }) detection_date!: Date;
  /** YYYY-MM-DD (UTC): with user and type, the report's identity. */
  @Prop({ type: String, required: true }) detection_day!: string;
  @Prop({ type: String, required: true, enum: MISUSE_TYPES }) misuse_type!: MisuseType;
  @Prop({ type: String, required: true, enum: SEVERITY_LEVELS }) severity_level!: SeverityLevel;
  @Prop({
    type: { _id: false, ticket_ids: [String], content_samples: [String], pattern_analysis: String },
    required: true,
  })
  evidence_data!: { ticket_ids: string[]; content_samples: string[]; pattern_analysis: string };
  @Prop({ type: Boolean, required: true, default: false }) admin_reviewed!: boolean;
  @Prop({ type: String, default: null, maxlength: 1000 }) action_taken!: string | null;
  @Prop({ type: Types.ObjectId, default: null }) reviewed_by!: Types.ObjectId | null;
  @Prop({ type: Date, default: null }) reviewed_at!: Date | null;
  @Prop({
    type: { _id: false, detection_confidence: Number, model_reasoning: String, analysis_timestamp: Date },
    required: true,
  })
  ai_analysis_metadata!: { detection_confidence: number; model_reasoning: string; analysis_timestamp: Date };
  @Prop({ type: Number, required: true }) window_hours!: number;
  /** on_misuse_detected, recorded with the report for the webhook relay (see OutboxEvent). */
  @Prop({ type: [OutboxEventSchema], default: undefined }) webhook_events?: OutboxEvent[];
  created_at!: Date;
  updated_at!: Date;
}

export const MisuseReportSchema = SchemaFactory.createForClass(MisuseReportDocument);
// At most one report per user, misuse type and day: reruns update it, a race cannot add a second.
MisuseReportSchema.index({ user_id: 1, misuse_type: 1, detection_day: 1 }, { unique: true });
// The admin list, newest first, unfiltered and by each filter.
MisuseReportSchema.index({ detection_date: -1, _id: -1 });
MisuseReportSchema.index({ admin_reviewed: 1, detection_date: -1, _id: -1 });
MisuseReportSchema.index({ user_id: 1, detection_date: -1, _id: -1 });
MisuseReportSchema.index({ misuse_type: 1, detection_date: -1, _id: -1 });
MisuseReportSchema.index(OUTBOX_EVENTS_INDEX, { sparse: true });
