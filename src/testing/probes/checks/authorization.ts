/** API1 and API5, with two identities: A's objects reached by B, administrative operations called by B. */
import type { PlanOperation } from '../../../plan';
import { isRecord } from '../baseline';
import { clip, type Session } from '../session';

// Words that name privileged functions, not business ones ("managed payout schedules", a film's "staff" are not).
const ADMIN_LOOKING = /(^|[^a-z])(admin|administrat|internal|superuser|sudo|backoffice|back-office)/i;

/** The id of what a create answered: a top-level `id`-like field, else the Location header's last segment. */
function createdId(body: string, location: string | undefined): string | undefined {
  try {
    const value: unknown = JSON.parse(body);
    if (isRecord(value)) {
      for (const key of ['id', 'uuid', ...Object.keys(value).filter((k) => /id$/i.test(k))]) {
        const v = value[key];
        if (typeof v === 'string' || typeof v === 'number') return String(v);
      }
    }
  } catch {
    // not JSON: fall back to Location
  }
  return location?.split('?')[0].split('/').filter(Boolean).pop();
}

/** Operations on one item of the collection `create` adds to: `POST /things` → `GET|PUT|PATCH|DELETE /things/{id}`. */
function itemOperations(session: Session, create: PlanOperation): Array<{ op: PlanOperation; param: string }> {
  const out: Array<{ op: PlanOperation; param: string }> = [];
  for (const op of session.plan.operations) {
    const match = op.path.match(/^(.*)\/\{([^}]+)\}$/);
    if (match && match[1] === create.path && op.method !== 'post') out.push({ op, param: match[2] });
  }
  return out;
}

export async function objectAuthorization(session: Session): Promise<void> {
  for (const create of session.plan.operations) {
    if (create.method !== 'post' || session.exhausted()) continue;
    const items = itemOperations(session, create).filter(({ op }) => !session.expected('object-authorization', op.id).skip);
    if (items.length === 0) continue;
    const made = await session.send('object-authorization', create.id, session.request(session.baseline(create), 'a'));
    if (!made || made.status < 200 || made.status > 299) continue;
    const id = createdId(made.body, made.headers.location);
    if (id === undefined) continue;
    // Reads first, destructive calls last, so a DELETE does not hide what a GET would show.
    const order = ['get', 'head', 'patch', 'put', 'delete'];
    items.sort((x, y) => order.indexOf(x.op.method) - order.indexOf(y.op.method));
    for (const { op, param } of items) {
      const parts = session.baseline(op);
      parts.path[param] = id;
      const request = session.request(parts, 'b');
      const response = await session.send('object-authorization', op.id, request);
      if (!response || session.accepts('object-authorization', op.id, response.status)) continue;
      session.report('object-authorization', op.id, `identity B ${op.method.toUpperCase()} ${op.path} on an object identity A created answered ${response.status}`, request, {
        status: response.status,
        excerpt: clip(response.body),
      });
    }
  }
}

export async function functionAuthorization(session: Session): Promise<void> {
  for (const op of session.plan.operations) {
    if (session.exhausted() || session.expected('function-authorization', op.id).skip) continue;
    if (!ADMIN_LOOKING.test(op.path) && !op.tags.some((t) => ADMIN_LOOKING.test(t)) && !ADMIN_LOOKING.test(op.operationId ?? '')) continue;
    const request = session.request(session.baseline(op), 'b');
    const response = await session.send('function-authorization', op.id, request);
    if (!response || session.accepts('function-authorization', op.id, response.status)) continue;
    session.report('function-authorization', op.id, `identity B called the administrative ${op.method.toUpperCase()} ${op.path}: ${response.status}`, request, {
      status: response.status,
      excerpt: clip(response.body),
    });
  }
}
