import { Transform } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, IsString, Length, Min } from 'class-validator';

import { OptionalLatitude, OptionalLongitude } from '#src/common/geo.validators.js';

export const DEFAULT_PAGE_SIZE = 4;
export const MAX_PAGE_SIZE = 50;
export const MAX_RADIUS_KM = 100;

/** Paging shared by every list: page_number from 1; items_per_page over 50 is clamped. */
export class PageDto {
  @IsOptional()
  @IsInt({ message: 'page_number must be a whole number from 1' })
  @Min(1, { message: 'page_number must be a whole number from 1' })
  page_number?: number;

  @IsOptional()
  @IsInt({ message: 'items_per_page must be a whole number from 1' })
  @Min(1, { message: 'items_per_page must be a whole number from 1' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'number' ? Math.min(value, MAX_PAGE_SIZE) : value,
  )
  items_per_page?: number;
}

export class ListEventsDto extends PageDto {
  @IsOptional()
  @IsString({ message: 'city must be a string' })
  @Length(1, 32, { message: 'city must be 1 to 32 characters' })
  city?: string;

  @IsOptional()
  @IsString({ message: 'tag must be a string' })
  @Length(1, 10, { message: 'tag must be 1 to 10 characters' })
  tag?: string;

  @OptionalLatitude()
  latitude?: number | string;

  @OptionalLongitude()
  longitude?: number | string;

  @IsOptional()
  @IsNumber({}, { message: 'radius_km must be a number' })
  @Min(0.1, { message: 'radius_km must be at least 0.1' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'number' ? Math.min(value, MAX_RADIUS_KM) : value,
  )
  radius_km?: number;
}

export function pageOf(dto: PageDto): { page: number; size: number; offset: number } {
  const page = dto.page_number ?? 1;
  const size = dto.items_per_page ?? DEFAULT_PAGE_SIZE;

  return { page, size, offset: (page - 1) * size };
}
