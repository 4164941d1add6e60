import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..', '..');

test('the README\'s inventory recipe is readme-recipe.test.ts, imported from the package', () => {
  const recipe = fs.readFileSync(path.join(__dirname, 'readme-recipe.test.ts'), 'utf8');
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

  expect(recipe).toContain("from '../../../lib';");
  expect(blocks).toContain(recipe.replace("from '../../../lib';", "from 'cdk-portcullis';"));
});
