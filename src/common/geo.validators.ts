import { applyDecorators } from '@nestjs/common';
import { IsLatitude, IsLongitude, IsOptional } from 'class-validator';

/** An optional GCJ-02 latitude, as a number or the SPEC's numeric string. */
export function OptionalLatitude(): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    IsLatitude({ message: 'latitude must be a number from -90 to 90' }),
  );
}

/** An optional GCJ-02 longitude, as a number or the SPEC's numeric string. */
export function OptionalLongitude(): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    IsLongitude({ message: 'longitude must be a number from -180 to 180' }),
  );
}
