import { forgetMemos, memo } from '../../src/lib/common/memo';

describe('memos', () => {
  test('forgetMemos empties every memo', () => {
    const a = memo<string, number>();
    const b = memo<number, string>();
    a.set('x', 1);
    b.set(1, 'x');
    forgetMemos();
    expect([a.size, b.size]).toEqual([0, 0]);
  });
});
