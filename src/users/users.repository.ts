import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { AppError } from '../common/errors/app-error';
import { duplicateKeyFields, isDuplicateKeyError } from '../database/duplicate-key';
import { UserDocument } from './user.schema';
import type { NewUser, UserRecord } from './user.types';
import { USER_ROLES, type UserRole } from '../domain/user-role';
import { countMatches } from '../database/count-matches';

type LeanUser = UserDocument & { _id: Types.ObjectId };

export interface UserFilter {
  role?: UserRole;
  is_active?: boolean;
}

export type UserChanges = Partial<Pick<UserRecord, 'role' | 'is_active' | 'email' | 'password_hash'>>;

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
    last_assigned_at: doc.last_assigned_at ?? null,
    created_at: doc.created_at,
    updated_at: doc.updated_at,
  };
}

@Injectable()
export class UsersRepository {
  constructor(@InjectModel(UserDocument.name) private readonly model: Model<UserDocument>) {}

  async create(user: NewUser): Promise<UserRecord> {
    try {
      const created = await this.model.create({ ...user, is_active: user.is_active ?? true });
      return toRecord(created.toObject<LeanUser>());
    } catch (error) {
      return this.rethrowDuplicate(error);
    }
  }

  async findById(id: string): Promise<UserRecord | null> {
    const doc = await this.model.findById(new Types.ObjectId(id)).lean<LeanUser>().exec();
    return doc ? toRecord(doc) : null;
  }

  async findManyByIds(ids: string[]): Promise<UserRecord[]> {
    if (ids.length === 0) return [];
    const docs = await this.model
      .find({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } })
      .lean<LeanUser[]>()
      .exec();
    return docs.map(toRecord);
  }

  async findByUsername(username: string): Promise<UserRecord | null> {
    const doc = await this.model.findOne({ username: username.toLowerCase() }).lean<LeanUser>().exec();
    return doc ? toRecord(doc) : null;
  }

  async list(filter: UserFilter, skip: number, limit: number): Promise<{ users: UserRecord[]; total: number }> {
    const query = { ...filter };
    const [docs, total] = await Promise.all([
      this.model.find(query).sort({ created_at: -1, _id: -1 }).skip(skip).limit(limit).lean<LeanUser[]>().exec(),
      countMatches(this.model, query),
    ]);
    return { users: docs.map(toRecord), total };
  }

  async update(id: string, changes: UserChanges): Promise<UserRecord | null> {
    try {
      const doc = await this.model
        .findByIdAndUpdate(new Types.ObjectId(id), { $set: changes }, { returnDocument: 'after', runValidators: true })
        .lean<LeanUser>()
        .exec();
      return doc ? toRecord(doc) : null;
    } catch (error) {
      return this.rethrowDuplicate(error);
    }
  }

  /** The unique index decides duplicates (no check-then-insert race); the client learns which field, never the driver text. */
  private rethrowDuplicate(error: unknown): never {
    if (!isDuplicateKeyError(error)) throw error;
    const field = duplicateKeyFields(error).includes('email') ? 'email' : 'username';
    throw AppError.conflict(`A user with this ${field} already exists`, { field });
  }

  async recordLogin(id: string, at: Date): Promise<void> {
    await this.model.updateOne({ _id: new Types.ObjectId(id) }, { $set: { last_login: at } }).exec();
  }

  /** Active accounts of a role (agents for assignment); bounded, as departments are not that large. */
  async findActiveByRole(role: UserRole, limit = 1000): Promise<UserRecord[]> {
    const docs = await this.model
      .find({ role, is_active: true })
      .sort({ created_at: 1 })
      .limit(limit)
      .lean<LeanUser[]>()
      .exec();
    return docs.map(toRecord);
  }

  /** Ids of accounts of a role after `afterId`, in id order: a batch of the misuse job. */
  async idsByRolePage(role: UserRole, afterId: string | null, limit: number): Promise<string[]> {
    const docs = await this.model
      .find({ role, ...(afterId ? { _id: { $gt: new Types.ObjectId(afterId) } } : {}) }, { _id: 1 })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<Array<{ _id: Types.ObjectId }>>()
      .exec();
    return docs.map((doc) => doc._id.toHexString());
  }

  async recordAssignment(id: string, at: Date): Promise<void> {
    await this.model.updateOne({ _id: new Types.ObjectId(id) }, { $set: { last_assigned_at: at } }).exec();
  }

  async setRateLimitReset(id: string, at: Date): Promise<void> {
    await this.model.updateOne({ _id: new Types.ObjectId(id) }, { $set: { rate_limit_reset: at } }).exec();
  }

  async countByRole(role: UserRole): Promise<number> {
    return this.model.countDocuments({ role }).exec();
  }

  async countActiveByRole(role: UserRole): Promise<number> {
    return this.model.countDocuments({ role, is_active: true }).exec();
  }

  async countAll(): Promise<number> {
    return this.model.estimatedDocumentCount().exec();
  }

  /**
   * Accounts per role, active and not, zeros included: one $group over the accounts, which the
   * company's headcount bounds (tickets, which grow without bound, are counted on indexes instead).
   */
  async countByRoleAndActivity(): Promise<Record<UserRole, { active: number; inactive: number }>> {
    const rows = await this.model
      .aggregate<{ _id: { role: UserRole; is_active: boolean }; n: number }>([
        { $group: { _id: { role: '$role', is_active: '$is_active' }, n: { $sum: 1 } } },
      ])
      .exec();
    const counts = Object.fromEntries(USER_ROLES.map((role) => [role, { active: 0, inactive: 0 }])) as Record<
      UserRole,
      { active: number; inactive: number }
    >;
    for (const { _id, n } of rows) {
      const forRole = counts[_id.role];
      if (!forRole) continue; // a role this version does not know: not one the page can show
      if (_id.is_active) forRole.active += n;
      else forRole.inactive += n;
    }
    return counts;
  }
}
