import { availableParallelism } from 'node:os';
import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import pLimit from 'p-limit';

/** OWASP's argon2id recommendation: 19 MiB of memory, 2 iterations, 1 lane. */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

/**
 * How many hashes run at once: one fewer than the cores. argon2 runs on libuv's pool of four
 * threads, so on two cores four sign-ins at once took both and every other request waited behind
 * them (the login bench: /health's p99 74 ms beside sign-ins, 9 ms alone). Past this, hashes queue.
 */
export const HASHING_SLOTS = Math.max(1, availableParallelism() - 1);

@Injectable()
export class PasswordHasher {
  private readonly slot = pLimit(HASHING_SLOTS);

  /** Hashes running and waiting for a slot now. */
  get load(): { running: number; waiting: number } {
    return { running: this.slot.activeCount, waiting: this.slot.pendingCount };
  }

  hash(password: string): Promise<string> {
    return this.slot(() => argon2.hash(password, ARGON2_OPTIONS));
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await this.slot(() => argon2.verify(hash, password));
    } catch {
      // A malformed stored hash is a failed verification, never an error that reveals the hash.
      return false;
    }
  }
}
