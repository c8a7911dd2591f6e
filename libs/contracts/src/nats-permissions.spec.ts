import { ConfiguratorRequests } from './configurator';
import { Namespace } from './namespace';
import { natsInboxPrefix, natsPermissions, natsServerConfig, natsUserName } from './nats-permissions';
import { OrdersRequests } from './orders';
import { SchedulingRequests } from './scheduling';
import { SuppliersRequests } from './suppliers';

const ns = new Namespace('t-one');

describe('natsPermissions', () => {
  it('lets a service answer its own requests in its own queue group, in its namespace', () => {
    const { subscribe } = natsPermissions('orders', ns);
    expect(subscribe.allow).toContain(`t-one.${OrdersRequests.place.subject} t-one.orders`);
    expect(subscribe.allow).toContain('t-one.orders.dead-letters.replay t-one.orders');
    // Nothing of another service, and nothing outside the namespace.
    expect(subscribe.allow.filter((s) => !s.startsWith('t-one.orders.') && !s.startsWith('_INBOX.t-one.orders.'))).toEqual([]);
  });

  it('lets it ask only the requests it makes, and read replies on its own inbox only', () => {
    const orders = natsPermissions('orders', ns);
    const asked = orders.publish.allow.filter((s) => !s.startsWith('$'));
    expect(asked.sort()).toEqual(
      [
        `t-one.${ConfiguratorRequests.listProducts.subject}`,
        `t-one.${ConfiguratorRequests.priceLines.subject}`,
        `t-one.${ConfiguratorRequests.compiledVersion.subject}`,
        `t-one.${SchedulingRequests.quote.subject}`,
        `t-one.${SuppliersRequests.closeOrder.subject}`,
        't-one.orders.events.>',
        't-one.deadletters.orders.>',
      ].sort(),
    );
    expect(orders.subscribe.allow).toContain(`${natsInboxPrefix('orders', ns)}.>`);
    expect(orders.subscribe.allow.some((s) => s.startsWith('_INBOX.>'))).toBe(false);
    expect(orders.allow_responses).toBe(true);
  });

  it('gives the gateway requests, the dead-letter view and token revocations, but no other events, no durables and nothing to answer', () => {
    const gateway = natsPermissions('gateway', ns);
    expect(gateway.allow_responses).toBe(false);
    expect(gateway.subscribe.allow).toEqual([`${natsInboxPrefix('gateway', ns)}.>`, 't-one.suppliers.events.token.revoked']);
    expect(gateway.publish.allow).toContain('t-one.orders.place');
    expect(gateway.publish.allow).toContain('t-one.suppliers.dead-letters.replay');
    expect(gateway.publish.allow).toContain('$JS.API.STREAM.MSG.GET.T_ONE_DEADLETTERS');
    expect(gateway.publish.allow).not.toContain('$JS.API.STREAM.MSG.DELETE.T_ONE_DEADLETTERS');
    expect(gateway.publish.allow.some((s) => s.includes('.events.') || s.includes('CONSUMER.MSG.NEXT.T_ONE_ORDERS'))).toBe(false);
    expect(gateway.publish.allow).not.toContain('t-one.configurator.lines.price');
    // A customer's cancel goes through orders; only orders asks suppliers to close an order.
    expect(gateway.publish.allow).not.toContain('t-one.suppliers.orders.close');
  });

  it('narrows the JetStream API to its namespaced streams and its own durables', () => {
    const { publish } = natsPermissions('suppliers', ns);
    expect(publish.allow).toContain('$JS.API.CONSUMER.MSG.NEXT.T_ONE_SCHEDULING.suppliers-job-offers');
    expect(publish.allow).toContain('$JS.ACK.T_ONE_SCHEDULING.suppliers-job-offers.>');
    expect(publish.allow).toContain('$JS.API.STREAM.CREATE.T_ONE_ORDERS');
    expect(publish.allow.filter((s) => s.includes('CONSUMER') && !s.includes('.suppliers-'))).toEqual([]);
    // No wildcard over the API, and no way to change or remove a stream.
    expect(
      publish.allow.filter((s) =>
        /\$JS\.API\.[>*]|\.(UPDATE|DELETE|PURGE)\.T_ONE_(ORDERS|SCHEDULING|SUPPLIERS|CONFIGURATOR)\b/.test(s),
      ),
    ).toEqual([]);
  });

  it('gives the object-store bucket to the gateway and the configurator only', () => {
    expect(natsPermissions('gateway', ns).publish.allow).toContain('$O.T_ONE_UPLOADS.>');
    expect(natsPermissions('configurator', ns, { uploadBucket: 'b' }).publish.allow).toContain('$JS.API.STREAM.INFO.OBJ_b');
    expect(natsPermissions('orders', ns).publish.allow.some((s) => s.includes('$O.') || s.includes('OBJ_'))).toBe(false);
  });

  it('needs no namespace', () => {
    const { subscribe, publish } = natsPermissions('scheduling', new Namespace(''));
    expect(subscribe.allow).toContain('scheduling.quote scheduling');
    expect(subscribe.allow).toContain('_INBOX.scheduling.>');
    expect(publish.allow).toContain('$JS.API.CONSUMER.MSG.NEXT.ORDERS.scheduling-order-planning');
  });
});

describe('natsServerConfig', () => {
  it('has one user per app with its permissions, and JetStream', () => {
    const passwords = { gateway: 'g', orders: 'o', configurator: 'c', scheduling: 's', suppliers: 'u' };
    const config = natsServerConfig(ns, { passwords, host: '127.0.0.1', port: 4333, storeDir: '/tmp/js' });
    expect(config.listen).toBe('127.0.0.1:4333');
    expect(config.jetstream.store_dir).toBe('/tmp/js');
    expect(config.authorization.users.map((u) => [u.user, u.password])).toEqual([
      ['t-one-gateway', 'g'],
      ['t-one-orders', 'o'],
      ['t-one-configurator', 'c'],
      ['t-one-scheduling', 's'],
      ['t-one-suppliers', 'u'],
    ]);
    expect(natsUserName('orders', new Namespace(''))).toBe('orders');
  });
});
