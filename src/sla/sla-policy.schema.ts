import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';
import type { BusinessHours } from './business-calendar';
import type { UrgencyTarget } from './sla-policy';
import type { Urgency } from '../domain/ticket-status';

/** The one SLA policy (`_id: 'current'`); absent until an admin first sets it, and the defaults hold. */
@Schema({ collection: 'sla_policies', versionKey: false })
export class SlaPolicyDocument {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: Object, required: true }) targets!: Record<Urgency, UrgencyTarget>;
  @Prop({ type: Object, default: null }) business_hours!: BusinessHours | null;
  @Prop({ type: [String], default: [] }) holidays!: string[];
  @Prop({ type: Boolean, default: false }) reassign_on_breach!: boolean;
  @Prop({ type: Date, required: true }) updated_at!: Date;
  @Prop({ type: Types.ObjectId, required: true }) updated_by!: Types.ObjectId;
}
export const SlaPolicySchema = SchemaFactory.createForClass(SlaPolicyDocument);
