import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import type { UserRole } from './user-role';
import { UserDocument } from './user.schema';
import type { NewUser, UserRecord } from './user.types';

type LeanUser = UserDocument & { _id: Types.ObjectId };

function toRecord(doc: LeanUser): UserRecord {
  return {
    id: doc._id.toHexString(),
    username: doc.username,
    email: doc.email,
    password_hash: doc.password_hash,
    role: doc.role,
    is_active: doc.is_active,
    last_login: doc.last_login ?? null,
    rate_limit_reset: doc.rate_limit_reset ?? null,
    created_at: doc.created_at,
    updated_at: doc.updated_at,
  };
}

@Injectable()
export class UsersRepository {
  constructor(@InjectModel(UserDocument.name) private readonly model: Model<UserDocument>) {}

  async create(user: NewUser): Promise<UserRecord> {
    const created = await this.model.create({ ...user, is_active: user.is_active ?? true });
    return toRecord(created.toObject<LeanUser>());
  }

  async findByUsername(username: string): Promise<UserRecord | null> {
    const doc = await this.model.findOne({ username }).lean<LeanUser>().exec();
    return doc ? toRecord(doc) : null;
  }

  async countByRole(role: UserRole): Promise<number> {
    return this.model.countDocuments({ role }).exec();
  }
}
