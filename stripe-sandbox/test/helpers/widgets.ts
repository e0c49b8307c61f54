import type { StripeObject } from '../../src/core/account';
import { paginate } from '../../src/core/list';
import type { ResourceModule } from '../../src/core/routes';

/** A made-up resource for testing the request layer without the real resource modules. */
export interface Widget extends StripeObject {
  object: 'widget';
  name: string;
  parent: string | null;
  created: number;
  metadata: Record<string, string>;
}

export const widgets: ResourceModule = {
  routes: [
    {
      method: 'POST',
      path: '/v1/widgets',
      handler: ({ account, params }) => {
        const widget: Widget = {
          id: account.ids.next('wid'),
          object: 'widget',
          name: params.string('name', { required: true }),
          parent: params.string('parent') ?? null,
          created: account.now(),
          metadata: {},
        };
        for (const [k, v] of Object.entries(params.metadata() ?? {})) if (v !== null) widget.metadata[k] = v;
        params.done();
        account.put(widget);
        account.emit('widget.created', widget);
        return widget;
      },
    },
    {
      method: 'GET',
      path: '/v1/widgets/search',
      handler: ({ account, params }) => {
        params.done();
        return { object: 'list', data: account.list<Widget>('widget'), has_more: false, url: '/v1/widgets/search' };
      },
    },
    {
      method: 'GET',
      path: '/v1/widgets/:id',
      handler: ({ account, params, path }) => {
        params.done();
        return account.get<Widget>(path['id'] as string, 'widget');
      },
    },
    {
      method: 'POST',
      path: '/v1/widgets/:id',
      handler: ({ account, params, path }) => {
        const name = params.string('name');
        params.done();
        const { object, previous } = account.update<Widget>(path['id'] as string, 'widget', name ? { name } : {});
        account.emit('widget.updated', object, previous);
        return object;
      },
    },
    {
      method: 'POST',
      path: '/v1/widgets/:id/explode',
      handler: () => {
        throw new Error('boom');
      },
    },
    {
      method: 'GET',
      path: '/v1/widgets',
      handler: ({ account, params }) => {
        const list = paginate(account.list<Widget>('widget'), params, '/v1/widgets');
        params.done();
        return list;
      },
    },
    {
      method: 'DELETE',
      path: '/v1/widgets/:id',
      handler: ({ account, params, path }) => {
        params.done();
        const id = path['id'] as string;
        account.get<Widget>(id, 'widget');
        account.delete(id);
        account.emit('widget.deleted', { id, object: 'widget', deleted: true });
        return { id, object: 'widget', deleted: true };
      },
    },
  ],
};
