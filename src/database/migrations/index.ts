import { Init1764800000000 } from '#src/database/migrations/1764800000000-init.js';
import { WechatCredential1764800100000 } from '#src/database/migrations/1764800100000-wechat-credential.js';
import { UsersAndEvents1764800200000 } from '#src/database/migrations/1764800200000-users-and-events.js';
import { WxDelivery1764800300000 } from '#src/database/migrations/1764800300000-wx-delivery.js';
import { WxDeliveryAttempt1764800400000 } from '#src/database/migrations/1764800400000-wx-delivery-attempt.js';
import { WxDeliveryRowId1764800500000 } from '#src/database/migrations/1764800500000-wx-delivery-row-id.js';

/** Every migration, oldest first. The same list runs on SQLite and on MySQL/MariaDB. */
export const MIGRATIONS = [
  Init1764800000000,
  WechatCredential1764800100000,
  UsersAndEvents1764800200000,
  WxDelivery1764800300000,
  WxDeliveryAttempt1764800400000,
  WxDeliveryRowId1764800500000,
];
