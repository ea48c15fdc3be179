import { ProbeModule } from './helpers/probe.module.js';
import { startTestApp, TestApp } from './helpers/test-app.js';

describe('Foundation (envelope, validation, errors, health)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ imports: [ProbeModule] });
  });

  afterAll(async () => {
    await t.close();
  });

  it('should wrap a success in the envelope', async () => {
    const { status, body } = await t.post('/api/v1/probe/echo', { name: '起来嗨🎉', count: 3 });

    expect(status).toBe(200);
    expect(body).toEqual({ status: 1, msg: 'ok', result: { name: '起来嗨🎉', count: 3 } });
  });

  it('should answer a validation failure with the exact error body', async () => {
    const { status, body } = await t.post('/api/v1/probe/echo', { name: '', count: 0 });

    expect(status).toBe(400);
    expect(body).toEqual({
      status: -1,
      msg: 'name must be 1 to 10 characters; count must be at least 1',
      code: 'VALIDATION_FAILED',
    });
  });

  it('should refuse unknown fields, naming them', async () => {
    const { status, body } = await t.post('/api/v1/probe/echo', {
      name: 'a',
      nickname: 'x',
      createdAt: 'y',
    });

    expect(status).toBe(400);
    expect(body).toEqual({
      status: -1,
      msg: 'Unknown fields: nickname, createdAt',
      code: 'UNKNOWN_FIELD',
    });
  });

  it('should answer 413 for a body over 64 KB', async () => {
    const { status, body } = await t.post('/api/v1/probe/echo', { name: 'a'.repeat(70_000) });

    expect(status).toBe(413);
    expect(body).toEqual({
      status: -1,
      msg: 'Request body is too large (at most 64 KB)',
      code: 'BODY_TOO_LARGE',
    });
  });

  it('should answer malformed JSON with 400', async () => {
    const { status, body } = await t.post('/api/v1/probe/echo', '{"name":');

    expect(status).toBe(400);
    expect(body).toEqual({ status: -1, msg: 'Body is not valid JSON', code: 'BAD_JSON' });
  });

  it('should answer a non-JSON body with 415', async () => {
    const { status, body } = await t.post('/api/v1/probe/echo', 'name=a', {
      'content-type': 'text/plain',
    });

    expect(status).toBe(415);
    expect(body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('should treat an empty JSON body as {}', async () => {
    const { status, body } = await t.post('/api/v1/probe/echo', '');

    expect(status).toBe(400);
    expect(body.msg).toBe('name must be 1 to 10 characters');
  });

  it('should answer an unknown address with 404 in the envelope', async () => {
    const { status, body } = await t.post('/api/v1/nowhere', {});

    expect(status).toBe(404);
    expect(body).toEqual({
      status: -1,
      msg: 'No such address: POST /api/v1/nowhere (the API is POST /api/v1/…)',
      code: 'NOT_FOUND',
    });
  });

  it('should answer an unexpected error with a generic 500 and log the stack', async () => {
    const { status, body } = await t.post('/api/v1/probe/boom', {});

    expect(status).toBe(500);
    expect(body).toEqual({ status: -1, msg: 'Internal server error', code: 'INTERNAL_ERROR' });
    expect(JSON.stringify(body)).not.toContain('secret internal detail');
    expect(t.logs.join('')).toContain('secret internal detail');
  });

  it('should send back a request id and log one line per request', async () => {
    const { headers } = await t.post(
      '/api/v1/probe/echo',
      { name: 'a' },
      { 'x-request-id': 'abc-1' },
    );

    expect(headers.get('x-request-id')).toBe('abc-1');
    const line = t.logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.reqId === 'abc-1' && l.msg === 'request');
    expect(line).toMatchObject({ method: 'POST', route: '/api/v1/probe/echo', status: 200 });
    expect(typeof line?.ms).toBe('number');
  });

  it('should report liveness and readiness', async () => {
    const live = await fetch(`${t.url}/health`);
    const ready = await fetch(`${t.url}/health/ready`);

    expect(live.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 1, msg: 'ok', result: { database: 'up' } });
  });

  it('should answer readiness with 503 once the database is gone', async () => {
    const other = await startTestApp();
    await other.app.get((await import('typeorm')).DataSource).destroy();

    const response = await fetch(`${other.url}/health/ready`);

    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: -1,
      msg: 'Database is not reachable',
      code: 'DEPENDENCY_UNAVAILABLE',
    });
    await other.close();
  });

  it('should finish an in-flight request when closing', async () => {
    const other = await startTestApp({ imports: [ProbeModule] });
    const pending = other.post('/api/v1/probe/slow', {});
    await new Promise((resolve) => setTimeout(resolve, 100));

    await other.close();

    expect((await pending).body).toEqual({ status: 1, msg: 'ok', result: { done: true } });
  });
});
