import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

import { tidy } from '#src/place/city-index.js';

/**
 * Tencent takes at most 96 bytes of keyword, 32 Chinese characters in UTF-8; Baidu's query is
 * shorter than 45. A longer query could only fail at the provider.
 */
export const QUERY_MAX_CHARS = 32;
export const DEFAULT_ITEMS_PER_PAGE = 10;
/** Both providers serve at most 20 places a page. */
export const MAX_ITEMS_PER_PAGE = 20;
/** Baidu serves the first 400 places at most: 20 pages of 20. */
export const MAX_PAGE_NUMBER = 20;

const tidyText = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? tidy(value) : value;

/** `POST /api/v1/place/query`: SPEC 2.1. */
export class PlaceQueryDto {
  @Transform(tidyText)
  @IsString({ message: 'query must be a string' })
  @Length(1, QUERY_MAX_CHARS, { message: `query must be 1 to ${QUERY_MAX_CHARS} characters` })
  query: string;

  @Transform(tidyText)
  @IsString({ message: 'region must be a city name, such as 武汉 or Wuhan' })
  @Length(1, 32, { message: 'region must be a city name, such as 武汉 or Wuhan' })
  region: string;

  @IsOptional()
  @IsInt({ message: 'page_number must be a whole number' })
  @Min(1, { message: `page_number must be 1 to ${MAX_PAGE_NUMBER}` })
  @Max(MAX_PAGE_NUMBER, { message: `page_number must be 1 to ${MAX_PAGE_NUMBER}` })
  page_number?: number;

  @IsOptional()
  @IsInt({ message: 'items_per_page must be a whole number' })
  @Min(1, { message: `items_per_page must be 1 to ${MAX_ITEMS_PER_PAGE}` })
  @Max(MAX_ITEMS_PER_PAGE, { message: `items_per_page must be 1 to ${MAX_ITEMS_PER_PAGE}` })
  items_per_page?: number;
}
