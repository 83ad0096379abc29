import { createHash } from 'crypto';
import { checksum, checksumAnnotation } from '../../src/lib/common/checksum';

test('sha256 (hex) of the texts in order, as one stream', () => {
  expect(checksum('a: 1\n', 'b: 2\n')).toBe(createHash('sha256').update('a: 1\nb: 2\n').digest('hex'));
  expect(checksum('a', 'b')).not.toBe(checksum('b', 'a'));
});

test('the annotation is checksum/<name>', () => {
  expect(checksumAnnotation('config', 'x')).toEqual({ 'checksum/config': checksum('x') });
});
