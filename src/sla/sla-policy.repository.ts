import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import type { SlaPolicy } from './sla-policy';
import { SlaPolicyDocument } from './sla-policy.schema';

const CURRENT = 'current';

export interface StoredSlaPolicy extends SlaPolicy {
  updated_at: Date;
  updated_by: string;
}

@Injectable()
export class SlaPolicyRepository {
  constructor(@InjectModel(SlaPolicyDocument.name) private readonly model: Model<SlaPolicyDocument>) {}

  async find(): Promise<StoredSlaPolicy | null> {
    const doc = await this.model.findById(CURRENT).lean<SlaPolicyDocument>().exec();
    if (!doc) return null;
    return {
      targets: doc.targets,
      business_hours: doc.business_hours ?? null,
      holidays: doc.holidays ?? [],
      reassign_on_breach: doc.reassign_on_breach ?? false,
      updated_at: doc.updated_at,
      updated_by: doc.updated_by.toHexString(),
    };
  }

  /** Replaces the policy whole (PUT), in one write. */
  async replace(policy: SlaPolicy, by: string, at: Date): Promise<StoredSlaPolicy> {
    const fields = {
      targets: policy.targets,
      business_hours: policy.business_hours,
      holidays: policy.holidays,
      reassign_on_breach: policy.reassign_on_breach,
      updated_at: at,
      updated_by: new Types.ObjectId(by),
    };
    await this.model.replaceOne({ _id: CURRENT }, fields, { upsert: true }).exec();
    return { ...policy, updated_at: at, updated_by: by };
  }
}
