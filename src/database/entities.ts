import { LeaseEntity } from '#src/database/lease.entity.js';
import { EventEntity, EventMediaEntity, EventStarEntity } from '#src/event/event.entity.js';
import { UserEntity } from '#src/user/user.entity.js';
import { WechatCredentialEntity } from '#src/wechat/wechat-credential.entity.js';
import { WxDeliveryEntity } from '#src/wx-message/wx-delivery.entity.js';

/** Every entity the data source knows; feature modules add theirs here. */
export const ENTITIES = [
  LeaseEntity,
  WechatCredentialEntity,
  UserEntity,
  EventEntity,
  EventMediaEntity,
  EventStarEntity,
  WxDeliveryEntity,
];
