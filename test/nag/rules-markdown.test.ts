import * as fs from 'fs';
import * as path from 'path';
import { renderRulesMarkdown } from './rules-markdown';

const RULES_MD = path.join(__dirname, '..', '..', 'lib', 'nag', 'RULES.md');

// Regenerate with: UPDATE_RULES_MD=1 npx jest test/nag/rules-markdown
test('lib/nag/RULES.md is rendered from the rule catalogue', () => {
  const rendered = renderRulesMarkdown();
  if (process.env.UPDATE_RULES_MD === '1') fs.writeFileSync(RULES_MD, rendered);
  expect(fs.readFileSync(RULES_MD, 'utf8')).toBe(rendered);
});
