import { warmUp } from '../../src/app/cli/stacks';
import { forgetMemos, memo } from '../../src/lib/common/memo';
import * as render from '../../src/lib/render/render';
import { toYamlDocuments } from '../../src/lib/render/yaml';
import { SCENARIO } from '../util';

describe('memos', () => {
  test('forgetMemos empties every memo', () => {
    const a = memo<string, number>();
    const b = memo<number, string>();
    a.set('x', 1);
    b.set(1, 'x');
    forgetMemos();
    expect([a.size, b.size]).toEqual([0, 0]);
  });

  test('the startup snapshot\'s warm-up renders a cluster file and keeps no result of it', () => {
    const mine = memo<string, string>();
    mine.set('kept?', 'no');
    // Something in a memo of the render path before, so an emptied memo is the warm-up's doing.
    toYamlDocuments([{ kind: 'ConfigMap' }]);
    const rendered = jest.spyOn(render, 'renderStack');
    try {
      warmUp([SCENARIO]);
      expect(rendered).toHaveBeenCalledTimes(1);
    } finally {
      rendered.mockRestore();
    }
    expect(mine.size).toBe(0);
  });

  test('the warm-up skips a file that does not load, and still forgets', () => {
    const mine = memo<string, string>();
    mine.set('kept?', 'no');
    expect(() => warmUp([`${SCENARIO}.missing`])).not.toThrow();
    expect(mine.size).toBe(0);
  });
});
