import { loadConfig } from '#src/config/app-config.js';
import { assertSelf, SessionService } from '#src/session/session.service.js';

describe(SessionService.name, () => {
  const config = loadConfig({ SESSION_SECRET: 'test-secret', SESSION_TTL_S: '3600' });
  const sessions = new SessionService(config);

  it('should verify a token it issued', () => {
    const { token } = sessions.issue(7, 'o-abc');

    expect(sessions.verify(token)).toMatchObject({ userId: 7, openid: 'o-abc' });
  });

  it('should refuse a tampered token', () => {
    const { token } = sessions.issue(7, 'o-abc');
    const [version, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ uid: 8, oid: 'o-other', exp: 9e9 })).toString(
      'base64url',
    );

    expect(() => sessions.verify(`${version}.${forged}.${signature}`)).toThrow(
      'Session is not valid; sign in again',
    );
  });

  it('should refuse an expired token', () => {
    const { token } = sessions.issue(7, 'o-abc', Date.now() - 3601_000);

    expect(() => sessions.verify(token)).toThrow('Session has expired; sign in again');
  });

  it('should refuse a token signed with another secret', () => {
    const other = new SessionService(loadConfig({ SESSION_SECRET: 'another' }));

    expect(() => sessions.verify(other.issue(7, 'o-abc').token)).toThrow('not valid');
  });

  it.each(['', 'abc', 'v1..', 'v2.e30.x'])('should refuse the malformed token %j', (token) => {
    expect(() => sessions.verify(token)).toThrow('Session is not valid; sign in again');
  });
});

describe(assertSelf.name, () => {
  const session = { userId: 1, openid: 'o-me', expiresAt: new Date() };

  it('should accept no claim or a claim of oneself', () => {
    expect(() => assertSelf(session, undefined, 'openid')).not.toThrow();
    expect(() => assertSelf(session, 'o-me', 'openid')).not.toThrow();
  });

  it('should refuse acting as someone else', () => {
    expect(() => assertSelf(session, 'o-you', 'organizerid')).toThrow(
      'organizerid is not the signed-in user; you can only act as yourself',
    );
  });
});
