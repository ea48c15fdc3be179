import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Min,
} from 'class-validator';

export class UserInfoGetDto {
  @IsOptional()
  @IsString({ message: 'openid must be a string' })
  @Length(1, 64, { message: 'openid must be 1 to 64 characters' })
  openid?: string;
}

/** The SPEC sends tag preferences as a JSON array inside a string; a plain array works too. */
function tagList({ value }: { value: unknown }): unknown {
  if (typeof value !== 'string') {
    return value;
  }
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** Only `mobile` and `tagprefs` change; `id` and `openid` may only name oneself. */
export class UserInfoUpdateDto {
  @IsOptional()
  @Min(1, { message: 'id must be a positive whole number' })
  @IsInt({ message: 'id must be a positive whole number' })
  id?: number;

  @IsOptional()
  @IsString({ message: 'openid must be a string' })
  openid?: string;

  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'number' ? String(value) : value))
  @Matches(/^1[3-9]\d{9}$/, { message: 'mobile must be an 11-digit mainland China number' })
  @IsString({ message: 'mobile must be an 11-digit mainland China number' })
  mobile?: string;

  @IsOptional()
  @Transform(tagList)
  @Length(1, 10, { each: true, message: 'each tag in tagprefs must be 1 to 10 characters' })
  @IsString({ each: true, message: 'each tag in tagprefs must be a string' })
  @ArrayMaxSize(10, { message: 'tagprefs must have at most 10 tags' })
  @IsArray({ message: 'tagprefs must be a JSON array of tags, e.g. ["爬山","撸串"]' })
  tagprefs?: string[];
}
