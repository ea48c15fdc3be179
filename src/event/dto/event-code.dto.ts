import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** An event named by its code, as `get`, `star`, `unstar` and `qrcode` take it. */
export class EventCodeDto {
  @Transform(trim)
  @IsString({ message: 'code must be a string' })
  @Length(1, 64, { message: 'code must be 1 to 64 characters' })
  code: string;

  /** The SPEC's star body names the user too; it must be the signed-in one. */
  @IsOptional()
  @IsString({ message: 'openid must be a string' })
  openid?: string;
}

export class SearchEventsDto {
  @Transform(trim)
  @IsString({ message: 'code must be a string' })
  @Length(1, 64, { message: 'code must be 1 to 64 characters' })
  code: string;

  @IsOptional()
  @IsInt({ message: 'limit must be a whole number from 1 to 50' })
  @Min(1, { message: 'limit must be a whole number from 1 to 50' })
  @Max(50, { message: 'limit must be a whole number from 1 to 50' })
  limit?: number;
}
