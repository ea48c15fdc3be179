import { SessionService } from '#src/session/session.service.js';
import { UserProfileFields, UserRepository } from '#src/user/user.repository.js';
import { TestApp } from './test-app.js';

/** Signs a user in directly (creating them), returning the Authorization header to send. */
export async function signIn(
  t: TestApp,
  openid: string,
  profile: UserProfileFields = {},
): Promise<Record<string, string>> {
  const user = await t.app.get(UserRepository).upsertByOpenid(openid, profile);
  const { token } = t.app.get(SessionService).issue(user.id, openid);

  return { authorization: `Bearer ${token}` };
}
