import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { setTimeout as sleep } from 'node:timers/promises';

class EchoDto {
  @IsString({ message: 'name must be a string' })
  @Length(1, 10, { message: 'name must be 1 to 10 characters' })
  name: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'count must be a whole number' })
  @Min(1, { message: 'count must be at least 1' })
  @Max(100, { message: 'count must be at most 100' })
  count?: number;
}

/** Test-only routes that exercise the envelope, validation and error handling. */
@Controller('api/v1/probe')
class ProbeController {
  @Post('echo')
  @HttpCode(200)
  echo(@Body() body: EchoDto): EchoDto {
    return body;
  }

  @Post('boom')
  @HttpCode(200)
  boom(): never {
    throw new Error('secret internal detail at /srv/db.ts:42');
  }

  @Post('slow')
  @HttpCode(200)
  async slow(): Promise<{ done: boolean }> {
    await sleep(700);

    return { done: true };
  }
}

@Module({ controllers: [ProbeController] })
export class ProbeModule {}
