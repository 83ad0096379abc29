import { schemaIndex, stripCrd, stripDescriptions } from '../../scripts/crd-tools';
import { Crd } from '../../src/lib/calico/crd-bundle';

describe('stripDescriptions', () => {
  test('removes the description keyword everywhere, but keeps fields named description', () => {
    const schema = {
      description: 'top',
      type: 'object',
      properties: {
        description: { type: 'string', description: 'a field that is called description' },
        list: { type: 'array', items: { type: 'object', description: 'item', properties: { a: { type: 'string', description: 'a' } } } },
        map: { type: 'object', additionalProperties: { type: 'string', description: 'value' } },
        either: { anyOf: [{ type: 'integer', description: 'i' }, { type: 'string' }] },
      },
    };
    expect(stripDescriptions(schema)).toEqual({
      type: 'object',
      properties: {
        description: { type: 'string' },
        list: { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } },
        map: { type: 'object', additionalProperties: { type: 'string' } },
        either: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
      },
    });
  });
});

test('stripCrd strips every version and schemaIndex keys schemas by apiVersion/kind', () => {
  const crd: Crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'things.example.com' },
    spec: {
      group: 'example.com',
      names: { kind: 'Thing', plural: 'things' },
      versions: [
        { name: 'v1', served: true, schema: { openAPIV3Schema: { type: 'object', description: 'x' } } },
        { name: 'v0', served: false, schema: { openAPIV3Schema: { type: 'object' } } },
      ],
    },
  };
  expect(schemaIndex([stripCrd(crd)])).toEqual({ 'example.com/v1/Thing': { type: 'object' } });
});
