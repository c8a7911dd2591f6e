import { natsServerOf } from './nats-url';

// NATS_URL carries an app's own user (issue 7); nats.js reads credentials only from options.
describe('natsServerOf', () => {
  it('takes the user and password out of the URL', () => {
    expect(natsServerOf('nats://orders:s%40cr:et@127.0.0.1:4222')).toEqual({
      servers: ['nats://127.0.0.1:4222'],
      user: 'orders',
      pass: 's@cr:et',
    });
  });

  it('leaves a URL without credentials as it is, and reads them from a cluster list', () => {
    expect(natsServerOf('nats://127.0.0.1:4222')).toEqual({ servers: ['nats://127.0.0.1:4222'] });
    expect(natsServerOf('nats://u:p@a:4222, nats://u:p@b:4222')).toEqual({
      servers: ['nats://a:4222', 'nats://b:4222'],
      user: 'u',
      pass: 'p',
    });
  });
});
