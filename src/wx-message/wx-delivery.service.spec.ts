import { customWindowEnd } from '#src/wx-message/wx-delivery.service.js';
import { InboundMessage } from '#src/wx-message/wx-inbound.js';

const SENT_AT_S = 1_764_840_000;
const common = { toUserName: 'gh_1', fromUserName: 'o_1', createTime: SENT_AT_S };
const HOUR = 3600 * 1000;

describe('customWindowEnd', () => {
  it('should leave 48 hours after a message the user sent', () => {
    const text: InboundMessage = { ...common, msgType: 'text', msgId: '1', content: '#x' };

    expect(customWindowEnd(text, 4000)).toBe(SENT_AT_S * 1000 + 48 * HOUR);
  });

  it.each(['subscribe', 'SCAN', 'CLICK'] as const)('should leave one minute after %s', (event) => {
    const message = { ...common, msgType: 'event', event, eventKey: 'k' } as InboundMessage;

    expect(customWindowEnd(message, 4000)).toBe(SENT_AT_S * 1000 + 60 * 1000);
  });

  it('should leave no window after an automatic location report', () => {
    const message: InboundMessage = {
      ...common,
      msgType: 'event',
      event: 'LOCATION',
      latitude: 31.2,
      longitude: 121.5,
      precision: 30,
    };

    expect(customWindowEnd(message, 4000)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('should count from when the deadline passed when CreateTime is missing', () => {
    const scan: InboundMessage = {
      ...common,
      createTime: 0,
      msgType: 'event',
      event: 'SCAN',
      eventKey: '7',
    };
    const now = Date.UTC(2026, 11, 4);

    expect(customWindowEnd(scan, 4000, now)).toBe(now - 4000 + 60 * 1000);
  });
});
