import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';

import { CurrentSession, OptionalSessionGuard, SessionGuard } from '#src/session/session.guard.js';
import type { Session } from '#src/session/session.service.js';
import { UserInfoGetDto, UserInfoUpdateDto } from '#src/user/dto/user-info.dto.js';
import { UserService } from '#src/user/user.service.js';
import { OwnUserView, PublicUserView } from '#src/user/user-view.js';

@Controller('api/v1/user')
export class UserController {
  constructor(private readonly users: UserService) {}

  @Post('info/get')
  @HttpCode(200)
  @UseGuards(OptionalSessionGuard)
  info(
    @CurrentSession() session: Session | undefined,
    @Body() dto: UserInfoGetDto,
  ): Promise<OwnUserView | PublicUserView> {
    return this.users.info(dto, session);
  }

  @Post('info/update')
  @HttpCode(200)
  @UseGuards(SessionGuard)
  update(@CurrentSession() session: Session, @Body() dto: UserInfoUpdateDto): Promise<OwnUserView> {
    return this.users.update(session, dto);
  }
}
