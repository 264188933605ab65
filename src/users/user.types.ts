import type { UserRole } from '../domain/user-role';

/** A user as services see it: plain data, including the hash, which only auth code reads. */
export interface UserRecord {
  id: string;
  username: string;
  email: string;
  password_hash: string;
  role: UserRole;
  is_active: boolean;
  last_login: Date | null;
  rate_limit_reset: Date | null;
  last_assigned_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface NewUser {
  username: string;
  email: string;
  password_hash: string;
  role: UserRole;
  is_active?: boolean;
}
