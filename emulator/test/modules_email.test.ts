import { createEmailModule } from '../src/modules/email';
import { platformFixture, thrown } from './helpers/platform';

describe('N/email', () => {
  it('records sent mail and charges 20 units (sendBulk 10)', () => {
    const { context, services, invocation } = platformFixture();
    const email = createEmailModule(context);
    email.send({
      author: 7,
      recipients: ['ops@example.com', 12] as never,
      subject: 'Deposit failed',
      body: 'po_123: unequal_amounts',
    });
    expect(invocation.used).toBe(20);
    email.sendBulk({ author: 7, recipients: 'ops@example.com', subject: 'Bulk', body: 'b' });
    expect(invocation.used).toBe(30);
    expect(services.emails).toEqual([
      {
        author: 7,
        recipients: ['ops@example.com', '12'],
        subject: 'Deposit failed',
        body: 'po_123: unequal_amounts',
        at: services.now(),
      },
      { author: 7, recipients: ['ops@example.com'], subject: 'Bulk', body: 'b', at: services.now() },
    ]);
  });

  it('validates arguments before charging', () => {
    const { context, invocation, services } = platformFixture();
    const email = createEmailModule(context);
    expect(thrown(() => email.send({ author: 7, recipients: 'a@example.com', subject: '', body: 'x' })).name).toBe(
      'SSS_MISSING_REQD_ARGUMENT',
    );
    const eleven = Array.from({ length: 11 }, (_, i) => `u${i}@example.com`);
    expect(thrown(() => email.send({ author: 7, recipients: eleven, subject: 's', body: 'x' })).name).toBe(
      'SSS_INVALID_EMAIL_RECIPIENTS',
    );
    expect(thrown(() => email.send({ author: 7, recipients: 'not-an-address', subject: 's', body: 'x' })).name).toBe(
      'INVALID_EMAILS_FOUND',
    );
    expect(invocation.used).toBe(0);
    expect(services.emails).toHaveLength(0);
  });
});
