/**
 * The plan analysis as prompt text: short Markdown sections, each list bounded, each item naming
 * its operation the way a scenario rule does (`METHOD /path`, operationId).
 */
import type { MockPlan, PlanOperation } from '../../plan';
import type { Bounded, PlanAnalysis } from '../../plan/analysis';
import { instantiatePack, type PackCategory, SCENARIO_PACKS } from '../../scenarios/packs';
import { type Subject, the } from './common';

/** Operations listed in full in a prompt; beyond this, the prompt says how many more there are. */
export const MAX_LISTED_OPERATIONS = 60;

function more<T>(list: Bounded<T>): string {
  return list.total > list.items.length ? `\n- … and ${list.total - list.items.length} more` : '';
}

function opName(op: { id: string; method: string; path: string }): string {
  return op.id === `${op.method} ${op.path}` ? `${op.method} ${op.path}` : `${op.method} ${op.path} (${op.id})`;
}

export function renderOverview(subject: Subject, a: PlanAnalysis): string {
  const methods = Object.entries(a.operations.byMethod).map(([m, n]) => `${m} ${n}`).join(', ');
  const tags = a.operations.byTag.map((t) => `${t.tag} (${t.count})`).join(', ');
  return [
    `${capital(the(subject))} ${subject.kind === 'mock' ? 'serves' : 'is'} "${a.api.title}" ${a.api.version} (spec ${a.api.specVersion}${a.api.basePath ? `, base path ${a.api.basePath}` : ''}, plan version ${a.api.planVersion}).`,
    `It has ${a.operations.total} operations: ${methods || 'none'}${tags ? `; tags: ${tags}` : ''}${a.operations.deprecated ? `; ${a.operations.deprecated} deprecated` : ''}.`,
  ].join('\n');
}

function capital(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}

/** Every operation with the statuses it declares, the vocabulary of any scenario rule. */
export function renderOperations(plan: MockPlan, filter: (op: PlanOperation) => boolean = () => true): string {
  const ops = plan.operations.filter(filter);
  const lines = ops.slice(0, MAX_LISTED_OPERATIONS).map((op) => {
    const statuses = op.responses.map((r) => r.status).join(', ') || 'no responses';
    const tags = op.tags.length > 0 ? ` [${op.tags.join(', ')}]` : '';
    const examples = op.responses.flatMap((r) => [...new Set(r.contents.flatMap((m) => m.examples.map((e) => e.name)))].map((n) => `${r.status}:${n}`));
    return `- ${op.method.toUpperCase()} ${op.path}${op.operationId ? ` (${op.operationId})` : ''}${tags} → ${statuses}${examples.length > 0 ? `; examples ${examples.slice(0, 6).join(', ')}` : ''}${op.deprecated ? '; deprecated' : ''}`;
  });
  const rest = ops.length > MAX_LISTED_OPERATIONS ? `\n- … and ${ops.length - MAX_LISTED_OPERATIONS} more (narrow with the \`tag\` argument)` : '';
  return `## Operations and the statuses they declare\n${lines.join('\n') || '- none'}${rest}`;
}

export function renderAuth(a: PlanAnalysis): string {
  if (a.auth.schemes.length === 0 && a.auth.secured.total === 0) return '## Authentication\n- No security schemes: every operation is anonymous.';
  const schemes = a.auth.schemes.map((s) => `- ${s.name}: ${s.detail}, accepted by ${s.operations} operation(s)`);
  const secured = a.auth.secured.items.map((o) => `- ${opName(o)} needs ${o.requirements.map((r) => r.join(' + ')).join(' or ')}`);
  const anonymous = a.auth.anonymous.items.map((o) => opName(o)).join(', ');
  return [
    '## Authentication',
    ...schemes,
    `Secured operations (${a.auth.secured.total}):`,
    ...secured,
    more(a.auth.secured).trim(),
    `Anonymous operations (${a.auth.anonymous.total}): ${anonymous || 'none'}${a.auth.anonymous.total > a.auth.anonymous.items.length ? ', …' : ''}`,
    a.auth.optional.total > 0 ? `Credentials optional (${a.auth.optional.total}): ${a.auth.optional.items.map(opName).join(', ')}` : '',
  ]
    .filter((l) => l !== '')
    .join('\n');
}

export function renderErrors(a: PlanAnalysis): string {
  const byStatus = Object.entries(a.errors.byStatus).map(([s, n]) => `${s} ×${n}`).join(', ');
  const gaps = a.errors.gaps.map((g) => {
    const ops = g.operations ? ` ${g.operations.items.slice(0, 10).map(opName).join(', ')}${g.operations.total > 10 ? `, … (${g.operations.total} in all)` : ''}` : '';
    return `- ${g.code}: ${g.message}${ops}`;
  });
  return ['## Declared error responses', `Declared error statuses (status ×operations): ${byStatus || 'none'}.`, 'Gaps:', ...(gaps.length > 0 ? gaps : ['- none found'])].join('\n');
}

export function renderInjectable(a: PlanAnalysis): string {
  const lines = a.injectable.items.map((i) => `- ${opName(i)}: ${i.in} \`${i.name}\` (${i.risks.join(', ')})`);
  return `## Inputs that look injectable\n${lines.join('\n') || '- none: every string input is an enum or has a format or pattern'}${more(a.injectable)}`;
}

export function renderWrites(a: PlanAnalysis): string {
  const lines = a.writes.items.map((w) => `- ${opName(w)}: body ${w.bodyRequired ? 'required' : 'optional'}${w.mediaTypes.length ? ` (${w.mediaTypes.join(', ')})` : ''}${w.requiredFields.length ? `; required fields ${w.requiredFields.join(', ')}` : ''}`);
  return `## Write operations\n${lines.join('\n') || '- none'}${more(a.writes)}`;
}

export function renderPaging(a: PlanAnalysis): string {
  const lines = a.paging.items.map((p) => {
    const params = p.params.map((x) => `${x.name} (${x.role})`).join(', ');
    const list = p.list === null ? 'list shape unknown' : p.list.shape === 'array' ? 'a bare array' : `array in \`${p.list.arrayProperty}\`${p.list.totalProperty ? `, total in \`${p.list.totalProperty}\`` : ''}${p.list.nextProperty ? `, next in \`${p.list.nextProperty}\`` : ''}`;
    return `- ${opName(p)}: ${params || 'no paging parameters'}; ${list}`;
  });
  return `## Lists and paging\n${lines.join('\n') || '- none'}${more(a.paging)}`;
}

export function renderCollections(a: PlanAnalysis): string {
  const lines = a.collections.items.map((c) => `- ${c.path} (${c.collectionMethods.join(', ')}) with items at ${c.itemPath} (${c.itemMethods.join(', ')})`);
  return `## Collections\n${lines.join('\n') || '- none'}${more(a.collections)}`;
}

/** The shipped packs that apply to this plan: a tested starting point the assistant may adapt. */
export function renderPacks(plan: MockPlan, categories: PackCategory[]): string {
  const lines = SCENARIO_PACKS.filter((p) => categories.includes(p.category)).map((p) => {
    const r = instantiatePack(p, plan);
    return r.ok ? `- ${p.uri}: ${p.title}; applies to ${r.targets.length} operation(s)` : `- ${p.uri}: does not apply (${r.reason.slice(0, 160)})`;
  });
  return `## Shipped scenario packs (MCP resources; each already validates against this plan)\n${lines.join('\n')}`;
}
