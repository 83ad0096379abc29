/**
 * `calico.typhaCertificates` (calico/typha-certificates.ts): brought certificates change nothing that is
 * rendered (no key material, nothing in the Installation); the objects to bring are the operator's
 * fixed names with the keys it reads; a wrong value is refused with the choices.
 */
import { CalicoChart } from '../../src/lib/calico/calico-chart';
import { TYPHA_CERTIFICATE_OBJECTS, TyphaCertificates } from '../../src/lib/calico/typha-certificates';
import { renderStack } from '../../src/lib/render/render';
import { allObjects, clusterDoc, config, load, messages, render, testChart } from '../util';

describe('calico.typhaCertificates', () => {
  test('byo renders exactly what operator renders: no Secret, ConfigMap or Installation field for the certificates', () => {
    const byo = config(clusterDoc({ calico: { typhaCertificates: 'byo' } }));
    const plain = config(clusterDoc());
    expect(byo.calico.typhaCertificates).toBe(TyphaCertificates.BYO);
    expect(plain.calico.typhaCertificates).toBe(TyphaCertificates.OPERATOR);
    expect(render(byo)).toEqual(render(plain));
    const names = TYPHA_CERTIFICATE_OBJECTS.map((o) => o.name);
    expect(allObjects(render(byo)).filter((o) => names.includes(o.metadata?.name))).toEqual([]);
    const files = [...renderStack(byo).entries()].filter(([file]) => file.endsWith('.yaml'));
    for (const [, text] of files) expect(text).not.toMatch(/node-certs|typha-certs|typha-ca|BEGIN [A-Z ]*PRIVATE KEY/);
  });

  test('the objects to bring: the operator\'s fixed names in tigera-operator, and the keys it reads', () => {
    expect(TYPHA_CERTIFICATE_OBJECTS.map((o) => [o.kind, `${o.namespace}/${o.name}`, o.keys.map((k) => k.key)])).toEqual([
      ['Secret', 'tigera-operator/node-certs', ['tls.crt', 'tls.key', 'common-name', 'uri-san']],
      ['Secret', 'tigera-operator/typha-certs', ['tls.crt', 'tls.key', 'common-name', 'uri-san']],
      ['ConfigMap', 'tigera-operator/typha-ca', ['caBundle']],
    ]);
  });

  test('fails when the value is not one of the choices, naming them', () => {
    expect(messages(load(clusterDoc({ calico: { typhaCertificates: 'custom' } })).findings)).toEqual([
      'calico.typhaCertificates: "custom" is not one of operator, byo',
    ]);
  });

  test('a cdk8s app sets it as a prop of CalicoChart', () => {
    expect(new CalicoChart(testChart(), 'calico', { typhaCertificates: TyphaCertificates.BYO }).typhaCertificates).toBe('byo');
  });
});
