import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';

import { OptionalLatitude, OptionalLongitude } from '#src/common/geo.validators.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** The SPEC's publish body. The organizer is the signed-in user; `organizerid` may only repeat it. */
export class PublishEventDto {
  @Transform(trim)
  @IsString({ message: 'code must be a string' })
  code: string;

  @IsOptional()
  @IsArray({ message: 'mediaids must be an array of WeChat media ids' })
  @ArrayMaxSize(9, { message: 'mediaids must have at most 9 images' })
  @IsString({ each: true, message: 'each media id must be a string' })
  @Length(1, 128, { each: true, message: 'each media id must be 1 to 128 characters' })
  mediaids?: string[];

  @Transform(trim)
  @IsString({ message: 'title must be a string' })
  @Length(1, 200, { message: 'title must be 1 to 200 characters' })
  title: string;

  @IsString({ message: 'time must be a string "YYYY-MM-DD HH:mm:ss" (Asia/Shanghai)' })
  @Matches(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, {
    message: 'time must be "YYYY-MM-DD HH:mm:ss" (Asia/Shanghai)',
  })
  time: string;

  @Max(100000, { message: 'aacost must be at most 100000' })
  @Min(0, { message: 'aacost must be 0 or more' })
  @IsNumber(
    { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 },
    { message: 'aacost must be a number of yuan with at most 2 decimals' },
  )
  aacost: number;

  @Transform(trim)
  @IsString({ message: 'tag must be a string' })
  @Length(1, 10, { message: 'tag must be 1 to 10 characters' })
  tag: string;

  @Min(1, { message: 'expectsignups must be from 1 to 1000' })
  @Max(1000, { message: 'expectsignups must be from 1 to 1000' })
  @IsInt({ message: 'expectsignups must be a whole number' })
  expectsignups: number;

  @Min(0, { message: 'agerange must be from 0 to 99' })
  @Max(99, { message: 'agerange must be from 0 to 99' })
  @IsInt({ message: 'agerange must be a whole number (an age-bracket code)' })
  agerange: number;

  @Transform(trim)
  @IsString({ message: 'location must be a string' })
  @Length(1, 100, { message: 'location must be 1 to 100 characters' })
  location: string;

  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'address must be a string' })
  @Length(0, 200, { message: 'address must be at most 200 characters' })
  address?: string;

  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'city must be a string' })
  @Length(1, 32, { message: 'city must be 1 to 32 characters' })
  city?: string;

  @OptionalLatitude()
  latitude?: string | number;

  @OptionalLongitude()
  longitude?: string | number;

  @IsOptional()
  @IsString({ message: 'organizerid must be a string' })
  organizerid?: string;
}
