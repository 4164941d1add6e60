import * as fs from 'node:fs';
import { PortcullisChecks } from '../../lib/nag/portcullis-checks';
import { RULES_MD, renderRulesMarkdown } from '../../scripts/rules-markdown';

test('lib/nag/RULES.md is rendered from the rule catalogue (run `npx projen rules-md` when this fails)', () => {
  expect(fs.readFileSync(RULES_MD, 'utf8')).toEqual(renderRulesMarkdown());
});

test('RULES.md has a section for every rule of the catalogue, in catalogue order', () => {
  const sections = [...renderRulesMarkdown().matchAll(/^## `([^`]+)`$/gm)].map((match) => match[1]);
  expect(sections).toEqual(PortcullisChecks.RULES.map((rule) => rule.id));
});
