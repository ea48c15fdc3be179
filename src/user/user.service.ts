import { Injectable } from '@nestjs/common';

import { AppException } from '#src/common/app.exception.js';
import { SessionErrorCode, assertSelf, Session } from '#src/session/session.service.js';
import { UserInfoGetDto, UserInfoUpdateDto } from '#src/user/dto/user-info.dto.js';
import { UserEntity } from '#src/user/user.entity.js';
import { UserRepository } from '#src/user/user.repository.js';
import { OwnUserView, ownUserView, PublicUserView, publicUserView } from '#src/user/user-view.js';

export enum UserErrorCode {
  NotFound = 'USER_NOT_FOUND',
}

@Injectable()
export class UserService {
  constructor(private readonly users: UserRepository) {}

  /** Your own full profile, or anyone else's public one. */
  async info(
    dto: UserInfoGetDto,
    session: Session | undefined,
  ): Promise<OwnUserView | PublicUserView> {
    const openid = dto.openid ?? session?.openid;
    if (openid === undefined) {
      throw new AppException(
        SessionErrorCode.Missing,
        'Send an openid, or sign in to read your own profile',
        401,
      );
    }

    const user = await this.findOrFail(openid);

    return openid === session?.openid ? ownUserView(user) : publicUserView(user);
  }

  async update(session: Session, dto: UserInfoUpdateDto): Promise<OwnUserView> {
    assertSelf(session, dto.openid, 'openid');
    if (dto.id !== undefined && dto.id !== session.userId) {
      throw new AppException(
        SessionErrorCode.NotYours,
        'id is not the signed-in user; you can only change your own profile',
        403,
      );
    }

    const changes: Partial<UserEntity> = {};
    if (dto.mobile !== undefined) {
      changes.mobile = dto.mobile;
    }
    if (dto.tagprefs !== undefined) {
      changes.tagPrefs = JSON.stringify([...new Set(dto.tagprefs.map((tag) => tag.trim()))]);
    }
    if (Object.keys(changes).length > 0) {
      await this.users.update(session.userId, changes);
    }

    return ownUserView(await this.findOrFail(session.openid));
  }

  private async findOrFail(openid: string): Promise<UserEntity> {
    const user = await this.users.findByOpenid(openid);
    if (user === null) {
      throw AppException.notFound(`No user has the openid "${openid}"`, UserErrorCode.NotFound);
    }

    return user;
  }
}
