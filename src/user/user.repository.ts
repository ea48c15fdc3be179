import { Injectable } from '@nestjs/common';
import { DataSource, In, Repository } from 'typeorm';

import { UserEntity } from '#src/user/user.entity.js';

export type UserProfileFields = Partial<
  Pick<
    UserEntity,
    'unionid' | 'nickname' | 'avatarUrl' | 'sex' | 'province' | 'city' | 'country' | 'subscribed'
  >
>;

@Injectable()
export class UserRepository {
  private readonly users: Repository<UserEntity>;

  constructor(dataSource: DataSource) {
    this.users = dataSource.getRepository(UserEntity);
  }

  findById(id: number): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  findByOpenid(openid: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ openid });
  }

  findByIds(ids: number[]): Promise<UserEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.users.findBy({ id: In(ids) });
  }

  /**
   * Creates the user on first sight, or updates the given profile fields. Safe when two
   * requests for the same new openid race: the unique key decides, the loser updates.
   */
  async upsertByOpenid(openid: string, fields: UserProfileFields = {}): Promise<UserEntity> {
    const existing = await this.findByOpenid(openid);
    if (existing === null) {
      try {
        const now = new Date();
        await this.users.insert({ openid, ...fields, createdAt: now, updatedAt: now });
      } catch (error) {
        if ((await this.findByOpenid(openid)) === null) {
          throw error;
        }
      }
    }
    if (Object.keys(fields).length > 0 && existing !== null) {
      await this.users.update({ openid }, { ...fields, updatedAt: new Date() });
    }

    return (await this.findByOpenid(openid)) as UserEntity;
  }

  async update(id: number, fields: Partial<UserEntity>): Promise<void> {
    await this.users.update({ id }, { ...fields, updatedAt: new Date() });
  }
}
