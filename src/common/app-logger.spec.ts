import { AppLogger, redact } from '#src/common/app-logger.js';

describe(AppLogger.name, () => {
  function capture(level: 'debug' | 'info' = 'info', format: 'json' | 'pretty' = 'json') {
    const lines: string[] = [];

    return { lines, logger: new AppLogger(level, format, (line) => lines.push(line)) };
  }

  it('should write one JSON line with level, context and fields', () => {
    const { lines, logger } = capture();

    logger.log({ msg: 'request', status: 200 }, 'Http');

    expect(JSON.parse(lines[0])).toMatchObject({
      level: 'info',
      context: 'Http',
      msg: 'request',
      status: 200,
    });
  });

  it('should drop lines below the level', () => {
    const { lines, logger } = capture('info');

    logger.debug('hidden');

    expect(lines).toEqual([]);
  });

  it('should write a readable line in pretty format', () => {
    const { lines, logger } = capture('info', 'pretty');

    logger.warn({ msg: 'slow', ms: 12 }, 'Db');

    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARN {2}\[Db\] slow ms=12\n$/);
  });

  it('should never write a secret or a full mobile number', () => {
    const { lines, logger } = capture();

    logger.log({ msg: 'user 13812345678 signed in', token: 'abc.def', code: 'oauth-code' });

    expect(lines[0]).not.toMatch(/13812345678|abc\.def|oauth-code/);
    expect(lines[0]).toContain('138****5678');
  });
});

describe(redact.name, () => {
  it('should redact nested credential fields', () => {
    expect(
      redact({ a: { password: 'x', authorization: 'Bearer y' }, list: ['13900001111'] }),
    ).toEqual({
      a: { password: '[redacted]', authorization: '[redacted]' },
      list: ['139****1111'],
    });
  });
});
