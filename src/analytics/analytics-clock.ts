import { Injectable } from '@nestjs/common';

/**
 * The time analytics reads: default ranges, their cache buckets and the cache's TTL all follow it,
 * so a spec can move it past a bucket instead of waiting 30 s.
 */
@Injectable()
export class AnalyticsClock {
  now(): Date {
    return new Date();
  }
}
