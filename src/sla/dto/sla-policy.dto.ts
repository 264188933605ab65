import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Optional } from '../../common/http/optional';
import type { BusinessHours } from '../business-calendar';
import {
  HH_MM,
  HH_MM_OR_MIDNIGHT,
  ISO_DATE,
  MAX_HOLIDAYS,
  MAX_TARGET_MINUTES,
  TARGET_HORIZON_WEEKS,
  TIME_ZONES,
  type SlaPolicy,
  type UrgencyTarget,
} from '../sla-policy';
import type { CurrentSlaPolicy } from '../sla-policy.service';

export class UrgencyTargetDto implements UrgencyTarget {
  @ApiProperty({ example: 60, description: 'Working minutes until the first agent reply is due' })
  @IsInt()
  @Min(1)
  @Max(MAX_TARGET_MINUTES)
  first_response_minutes!: number;

  @ApiProperty({
    example: 480,
    description: 'Working minutes until the ticket is due resolved; at least first_response_minutes',
  })
  @IsInt()
  @Min(1)
  @Max(MAX_TARGET_MINUTES)
  resolution_minutes!: number;
}

export class SlaTargetsDto {
  @ApiProperty({ type: UrgencyTargetDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => UrgencyTargetDto)
  high!: UrgencyTargetDto;
  @ApiProperty({ type: UrgencyTargetDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => UrgencyTargetDto)
  medium!: UrgencyTargetDto;
  @ApiProperty({ type: UrgencyTargetDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => UrgencyTargetDto)
  low!: UrgencyTargetDto;
}

export class BusinessHoursDto implements BusinessHours {
  @ApiProperty({
    example: 'Europe/Berlin',
    description: 'IANA time zone (ICU canonical names, or UTC): hours and holidays are local to it, DST included',
  })
  @IsString()
  @IsIn(TIME_ZONES)
  time_zone!: string;

  @ApiProperty({ example: [1, 2, 3, 4, 5], description: 'ISO weekdays the desk works: 1 = Monday … 7 = Sunday' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  days!: number[];

  @ApiProperty({ example: '09:00', description: 'Opening time, HH:MM local' })
  @IsString()
  @Matches(HH_MM)
  start!: string;

  @ApiProperty({ example: '17:00', description: 'Closing time, HH:MM local (24:00 is midnight); later than start' })
  @IsString()
  @Matches(HH_MM_OR_MIDNIGHT)
  end!: string;
}

export class SlaPolicyDto {
  @ApiProperty({ type: SlaTargetsDto, description: 'Targets per urgency, in working minutes' })
  @IsDefined()
  @ValidateNested()
  @Type(() => SlaTargetsDto)
  targets!: SlaTargetsDto;

  @ApiPropertyOptional({
    type: BusinessHoursDto,
    description: 'When the clock runs; left out, it runs around the clock (24×7)',
  })
  @Optional()
  @ValidateNested()
  @Type(() => BusinessHoursDto)
  business_hours?: BusinessHoursDto;

  @ApiProperty({
    example: ['2026-12-25', '2026-12-26'],
    description:
      `Days the clock stands still (YYYY-MM-DD, real dates; local to business_hours.time_zone, UTC when 24×7), ` +
      `at most ${MAX_HOLIDAYS}`,
  })
  @IsArray()
  @ArrayMaxSize(MAX_HOLIDAYS)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(ISO_DATE, { each: true })
  holidays!: string[];

  @ApiPropertyOptional({
    example: false,
    default: false,
    description:
      'Whether a resolution breach also hands the ticket to the least-loaded other active agent of its department ' +
      '(it stays with its agent when there is none); either way admins are alerted and it heads ?sla=breached',
  })
  @Optional()
  @IsBoolean()
  reassign_on_breach?: boolean;
}

/** The request as the policy it stands for: a left-out business_hours is 24×7. */
export function toSlaPolicy(dto: SlaPolicyDto): SlaPolicy {
  const { high, medium, low } = dto.targets;
  const target = (t: UrgencyTargetDto): UrgencyTarget => ({
    first_response_minutes: t.first_response_minutes,
    resolution_minutes: t.resolution_minutes,
  });
  return {
    targets: { high: target(high), medium: target(medium), low: target(low) },
    business_hours: dto.business_hours
      ? {
          time_zone: dto.business_hours.time_zone,
          days: [...dto.business_hours.days].sort((a, b) => a - b),
          start: dto.business_hours.start,
          end: dto.business_hours.end,
        }
      : null,
    holidays: [...dto.holidays].sort(),
    reassign_on_breach: dto.reassign_on_breach ?? false,
  };
}

export class SlaPolicyResponseDto {
  @ApiProperty({ type: SlaTargetsDto }) targets!: SlaTargetsDto;
  @ApiProperty({ type: BusinessHoursDto, nullable: true, description: 'Null: the clock runs around the clock' })
  business_hours!: BusinessHoursDto | null;
  @ApiProperty({ example: ['2026-12-25'] }) holidays!: string[];
  @ApiProperty({ example: false, description: 'Whether a resolution breach hands the ticket to another agent' })
  reassign_on_breach!: boolean;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When an admin last set the policy; null while the defaults hold',
  })
  updated_at!: Date | null;
  @ApiProperty({ type: String, nullable: true, description: 'Who set it; null while the defaults hold' })
  updated_by!: string | null;
}

export function toSlaPolicyResponse(policy: CurrentSlaPolicy): SlaPolicyResponseDto {
  return {
    targets: policy.targets,
    business_hours: policy.business_hours,
    holidays: policy.holidays,
    reassign_on_breach: policy.reassign_on_breach,
    updated_at: policy.updated_at,
    updated_by: policy.updated_by,
  };
}

/** For the operation's description: the rules between fields no schema states. */
export const SLA_POLICY_RULES =
  'Rules between fields, each answered with 400 VALIDATION_ERROR naming the field: first_response_minutes at ' +
  'most resolution_minutes; business_hours.end later than start; every holiday a real date; every ' +
  `resolution target within ${TARGET_HORIZON_WEEKS} weeks of working time (the hours, less the holidays).`;
