import { LeaseEntity } from '#src/database/lease.entity.js';
import { WechatCredentialEntity } from '#src/wechat/wechat-credential.entity.js';

/** Every entity the data source knows; feature modules add theirs here. */
export const ENTITIES = [LeaseEntity, WechatCredentialEntity];
