/**
 * Kubernetes' checks of labels, annotations, label selectors and resource names, on values of any
 * shape: problems at paths below the value, in apimachinery's phrases.
 */
import {
  ANNOTATIONS_SIZE_MAX, annotationsProblems, isExtendedResourceName, isIntegerResourceName, isOvercommitAllowed, isPercent, isStandardContainerResourceName,
  isStandardResourceName, labelSelectorProblems, labelsProblems, ownField,
} from '../../src/lib/common/k8s-validation';

describe('labelsProblems', () => {
  test('valid labels pass; an empty value is a value', () => {
    expect(labelsProblems({ 'app.kubernetes.io/name': 'calico-typha', 'tier': '', 'MyLabel': 'A_b.c-1' })).toEqual([]);
  });

  test('each bad key and value is a problem at its key', () => {
    expect(labelsProblems({ 'a/b/c': 'ok', 'ok': '-bad' }).map((p) => [p.path, p.message])).toEqual([
      [['a/b/c'], "is not a valid label key: a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"],
      [['ok'], "is not a valid label value: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"],
    ]);
  });

  test('values of another shape are the schema\'s, not these checks\'', () => {
    expect(labelsProblems(['a'])).toEqual([]);
    expect(labelsProblems({ 'bad key': 1 })).toEqual([]);
    expect(labelsProblems(undefined)).toEqual([]);
  });
});

describe('annotationsProblems', () => {
  test('keys are checked lowercased: capitals in the prefix pass', () => {
    expect(annotationsProblems({ 'Example.COM/Note': 'x' })).toEqual([]);
    expect(annotationsProblems({ 'example.com/': 'x' }).map((p) => p.message)).toEqual(['is not a valid annotation key: name part must be non-empty']);
  });

  test('keys and values together take at most 256 KiB, counted in UTF-8 bytes', () => {
    const key = 'example.com/blob';
    expect(annotationsProblems({ [key]: 'x'.repeat(ANNOTATIONS_SIZE_MAX - key.length) })).toEqual([]);
    // 'é' is two bytes: half as many characters are over the limit.
    expect(annotationsProblems({ [key]: 'é'.repeat((ANNOTATIONS_SIZE_MAX - key.length) / 2 + 1) })).toEqual([
      { path: [], message: 'may not be more than 262144 bytes (keys and values together)', got: '262146 bytes', allowed: 'at most 262144 bytes' },
    ]);
  });
});

describe('labelSelectorProblems', () => {
  test('operators with and without values', () => {
    expect(labelSelectorProblems({
      matchLabels: { 'k8s-app': 'calico-typha' },
      matchExpressions: [{ key: 'a', operator: 'In', values: ['x'] }, { key: 'b', operator: 'DoesNotExist' }],
    })).toEqual([]);
    expect(labelSelectorProblems({
      matchExpressions: [{ key: 'a', operator: 'In' }, { key: 'b', operator: 'Exists', values: ['x'] }, { key: 'c', operator: 'Gt', values: ['1'] }, { key: 'd', operator: 'In', values: ['-x'] }],
    }).map((p) => [p.path, p.message])).toEqual([
      [['matchExpressions', 0, 'values'], "must be specified when `operator` is 'In' or 'NotIn'"],
      [['matchExpressions', 1, 'values'], "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"],
      [['matchExpressions', 2, 'operator'], 'not a valid selector operator'],
      [['matchExpressions', 3, 'values', 0], "is not a valid label value: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"],
    ]);
  });
});

describe('resource names', () => {
  test('as the Kubernetes API\'s helpers (tigera/operator\'s copy) classify them', () => {
    expect(['cpu', 'memory', 'ephemeral-storage', 'hugepages-2Mi'].every(isStandardContainerResourceName)).toBe(true);
    expect(isStandardContainerResourceName('pods')).toBe(false);
    expect(['pods', 'requests.cpu', 'requests.hugepages-1Gi', 'services.loadbalancers'].every(isStandardResourceName)).toBe(true);
    expect(isStandardResourceName('gpu')).toBe(false);
    expect(isExtendedResourceName('nvidia.com/gpu')).toBe(true);
    expect(isExtendedResourceName('kubernetes.io/gpu')).toBe(false);
    expect(isExtendedResourceName('requests.example.com/gpu')).toBe(false);
    expect(isIntegerResourceName('nvidia.com/gpu')).toBe(true);
    expect(isIntegerResourceName('cpu')).toBe(false);
    expect(isOvercommitAllowed('memory')).toBe(true);
    expect(isOvercommitAllowed('hugepages-2Mi')).toBe(false);
    expect(isOvercommitAllowed('nvidia.com/gpu')).toBe(false);
  });
});

test('isPercent: digits and %', () => {
  expect(['0%', '25%', '100%', '250%'].every(isPercent)).toBe(true);
  expect(['25', '-5%', '2.5%', ' 5%', '%'].some(isPercent)).toBe(false);
});

test('ownField reads own keys only, whatever their names', () => {
  const map = JSON.parse('{"__proto__": 1, "a": 2}');
  expect(ownField(map, '__proto__')).toBe(1);
  expect(ownField(map, 'constructor')).toBeUndefined();
  expect(ownField(['x'], '0')).toBeUndefined();
});
