import { Body, Controller, HttpCode, Post } from '@nestjs/common';

import { PlaceQueryDto } from '#src/place/dto/place-query.dto.js';
import { PlaceQueryResult, PlaceService } from '#src/place/place.service.js';

@Controller('api/v1/place')
export class PlaceController {
  constructor(private readonly places: PlaceService) {}

  /** Places matching a query in a city, as a map's place search finds them (SPEC 2.1). */
  @Post('query')
  @HttpCode(200)
  query(@Body() body: PlaceQueryDto): Promise<PlaceQueryResult> {
    return this.places.query(body);
  }
}
