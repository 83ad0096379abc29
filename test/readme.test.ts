/** The README's library section shows the example app as it is. */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './util';

test('the README\'s minimal app is examples/homelab/main.ts, verbatim', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const main = fs.readFileSync(path.join(ROOT, 'examples', 'homelab', 'main.ts'), 'utf8');
  const section = readme.slice(readme.indexOf('### A minimal app'));
  const block = /```ts\n([\s\S]*?)```\n/.exec(section);
  expect(block?.[1]).toBe(main);
});
