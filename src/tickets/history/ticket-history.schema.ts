import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import { USER_ROLES, type UserRole } from '../../domain/user-role';
import { HISTORY_ACTIONS, type HistoryAction, type HistoryValue } from './ticket-history';

@Schema({ _id: false, versionKey: false })
class HistoryActorDocument {
  @Prop({ type: String, required: true }) id!: string;
  @Prop({ type: String, required: true, enum: USER_ROLES }) role!: UserRole;
}

/** One entry of a ticket's history (ticket-history.ts), stored in the ticket's `history` array. */
@Schema({ _id: false, versionKey: false })
export class TicketHistoryEntryDocument {
  @Prop({ type: Date, required: true }) at!: Date;
  @Prop({ type: HistoryActorDocument, default: null }) actor!: HistoryActorDocument | null;
  @Prop({ type: String, required: true, enum: HISTORY_ACTIONS }) action!: HistoryAction;
  @Prop({ type: String, default: null }) field!: string | null;
  @Prop({ type: MongooseSchema.Types.Mixed, default: null }) from!: HistoryValue;
  @Prop({ type: MongooseSchema.Types.Mixed, default: null }) to!: HistoryValue;
}
export const TicketHistoryEntrySchema = SchemaFactory.createForClass(TicketHistoryEntryDocument);
