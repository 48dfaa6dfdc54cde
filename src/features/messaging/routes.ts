import { z } from 'zod';
import type { Services } from '../../services.ts';
import { formatDateTime } from '../../lib/time.ts';
import { keysOf } from '../../lib/records.ts';
import { defineFeature, definePage, idParam, type Feature, type View } from '../../web/kit/page.ts';
import { messagingPaths as paths, PREFIX } from './paths.ts';
import { OUTBOX_STATUSES } from './service.ts';

const VIEWS = 'messaging/views';
const byId = z.object({ id: idParam });
const statusQuery = z.object({
  status: z.enum(keysOf(OUTBOX_STATUSES)).optional().catch(undefined),
});

type Message = Awaited<ReturnType<Services['messaging']['show']>>;

/** One message: the shown page, and the page a refused resend comes back to. */
function messageView(message: Message): View {
  return {
    template: `${VIEWS}/show.njk`,
    title: message.subject ?? `Message ${message.id}`,
    locals: {
      backLink: paths.index(),
      message,
      statusText: OUTBOX_STATUSES[message.status],
      createdText: formatDateTime(message.created_at),
      sentText: formatDateTime(message.sent_at),
      resendAction: paths.resend({ id: message.id }),
    },
  };
}

/** /admin/outbox: every message of the partnership, so the demo works with no mail server. */
export function messagingFeature(services: Services): Feature {
  const messaging = services.messaging;

  const index = definePage({
    path: paths.index,
    access: 'users:manage',
    query: statusQuery,
    load: ({ actor, query }) => messaging.list(actor, query.status ?? null),
    view: (messages, { query }) => ({
      template: `${VIEWS}/index.njk`,
      title: 'Outbox',
      locals: {
        backLink: '/admin',
        columnClass: 'govuk-grid-column-full',
        status: query.status ?? '',
        statusItems: [
          { value: '', text: 'All' },
          ...Object.entries(OUTBOX_STATUSES).map(([value, text]) => ({
            value,
            text,
            selected: value === query.status,
          })),
        ],
        messages: messages.map((m) => ({
          ...m,
          href: paths.show({ id: m.id }),
          statusText: OUTBOX_STATUSES[m.status],
          createdText: formatDateTime(m.created_at),
        })),
      },
    }),
  });

  const show = definePage({
    path: paths.show,
    access: 'users:manage',
    params: byId,
    load: ({ actor, params }) => messaging.show(actor, params.id),
    view: messageView,
  });

  const resend = definePage({
    path: paths.resend,
    access: 'users:manage',
    params: byId,
    only: 'post',
    load: ({ actor, params }) => messaging.show(actor, params.id),
    view: messageView,
    submit: async ({ actor, params }) => {
      await messaging.resend(actor, params.id);
      return { redirect: paths.show({ id: params.id }), flash: 'The message will be sent again' };
    },
  });

  return defineFeature(PREFIX, [index, show, resend], paths);
}
