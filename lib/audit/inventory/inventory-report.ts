import { InventoryNotAudited, InventoryRoute } from './inventory-entries';

/** What an inventory report shows. */
export interface InventoryReportInput {
  readonly routes: readonly InventoryRoute[];
  readonly notAudited: readonly InventoryNotAudited[];
}

/**
 * The inventory as one Markdown table: a row per route, so opening a route is a one-line diff.
 *
 * @param inputPath the path the user gave, shown in the title
 * @default inputPath - no path in the title (a snapshot must not depend on where the templates were written)
 */
export function renderInventoryMarkdown(inventory: InventoryReportInput, inputPath?: string): string {
  const out: string[] = [inputPath === undefined ? '# API inventory' : `# API inventory of \`${inputPath}\``, ''];
  out.push('| Template | API | Kind | Route | Authorization | Authorizer | Scopes | Throttling | WAF | Access logs | Endpoint | Domains | Declared in |');
  out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const cell = (values: readonly string[] | string | undefined) => {
    const list = values === undefined ? [] : typeof values === 'string' ? [values] : values;
    return list.length === 0 ? '—' : list.join('; ').replace(/\|/g, '\\|');
  };
  for (const r of inventory.routes) {
    const api = r.apiName === undefined ? `\`${r.api}\`` : `${cell(r.apiName)} (\`${r.api}\`)`;
    const authorization = r.publicReason === undefined ? cell(r.authorization) : `${cell(r.authorization)} (public: ${cell(r.publicReason)})`;
    out.push(`| ${cell(r.template)} | ${api} | ${r.apiKind} | \`${cell(r.route)}\` | ${authorization} | ${cell(r.authorizer)} | ${cell(r.scopes)} | ` +
      `${cell(r.throttling)} | ${r.apiKind === 'REST' ? cell(r.waf) : 'n/a'} | ${cell(r.accessLogs)} | ${cell(r.endpoint)} | ${cell(r.domains)} | \`${r.declaredIn}\` |`);
  }
  if (inventory.routes.length === 0) out.push('', 'No routes found.');
  if (inventory.notAudited.length > 0) {
    out.push('', '## Not read', '');
    for (const n of inventory.notAudited) out.push(`- \`${n.template}\`: ${n.reason}`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * The inventory as JSON (stable key order; a route without an authorizer has `"authorizer": null`, one not declared
 * public `"publicReason": null`, an API without a name `"apiName": null`).
 *
 * @param inputPath the path the user gave
 * @default inputPath - no `path` key (a snapshot must not depend on where the templates were written)
 */
export function renderInventoryJson(inventory: InventoryReportInput, inputPath?: string): string {
  const routes = inventory.routes.map((r) => ({
    ...r, apiName: r.apiName ?? null, authorizer: r.authorizer ?? null, publicReason: r.publicReason ?? null,
  }));
  const document = inputPath === undefined
    ? { version: 1, routes, notAudited: inventory.notAudited }
    : { version: 1, path: inputPath, routes, notAudited: inventory.notAudited };
  return `${JSON.stringify(document, null, 2)}\n`;
}
