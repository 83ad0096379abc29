/**
 * ClusterSpec (src/lib/stack/cluster-spec.ts) is made of the constructs' props, so an option is declared
 * once, next to the construct that applies its default; these checks prove the cluster file's schema
 * (src/app/config/schema.ts) agrees with it. The type-level ones run in `npm test`'s tsc step: a key, an
 * optional mark or a value that differs is a compile error. Only the two keys that name files
 * differ by design (a path in the file, the file's content in the spec), and the file's shorthands
 * (`imagePullSecrets` items as `{name}`, a node selector or a monitor's labels read as any mapping).
 */
import { z } from 'zod';
import { Encapsulation, LinuxDataplane } from '../../src/lib/calico/enums';
import { clusterFileSchema } from '../../src/app/config/schema';
import { parseClusterFile } from '../../src/app/config/parse';
import { LogLevel } from '../../src/lib/retina/releases';
import { CalicoStack } from '../../src/lib/stack/calico-stack';
import { ClusterSpec } from '../../src/lib/stack/cluster-spec';
import { clusterDoc, messages, testApp } from '../util';

/** Every value as the strings it can hold (enum members → their values), every level readonly. */
type Normalize<T> =
  T extends string ? `${T}` :
    T extends readonly (infer U)[] ? ReadonlyArray<Normalize<U>> :
      T extends object ? { readonly [K in keyof T]: Normalize<T[K]> } :
        T;

/** True when A and B are the same type (not merely assignable). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;

/** Compiles only when its argument is `true`. */
function assertType<T extends true>(): T | undefined {
  return undefined;
}

type SchemaInput = Normalize<z.input<typeof clusterFileSchema>>;
type Spec = Normalize<ClusterSpec>;
type FileKeys = { platform: 'kubeadmConfig'; calico: 'crds' | 'imagePullSecrets' | 'controlPlaneNodeSelector'; prometheusOperator: 'matchLabels' };
type Monitoring<T extends { monitoring?: unknown }> = NonNullable<T['monitoring']>;
type PrometheusOperator<T extends { monitoring?: { prometheusOperator?: unknown } }> = NonNullable<Monitoring<T>['prometheusOperator']>;

describe('ClusterSpec', () => {
  test('has the keys, optional keys and values of the cluster file schema', () => {
    assertType<Equal<keyof Spec, keyof SchemaInput>>();
    assertType<Equal<Omit<Spec['platform'], FileKeys['platform']>, Omit<SchemaInput['platform'], FileKeys['platform']>>>();
    assertType<Equal<keyof Spec['platform'], keyof SchemaInput['platform']>>();
    assertType<Equal<Omit<NonNullable<Spec['calico']>, FileKeys['calico']>, Omit<NonNullable<SchemaInput['calico']>, FileKeys['calico']>>>();
    assertType<Equal<keyof NonNullable<Spec['calico']>, keyof NonNullable<SchemaInput['calico']>>>();
    assertType<Equal<NonNullable<Spec['retina']>, NonNullable<SchemaInput['retina']>>>();
    assertType<Equal<Omit<Monitoring<Spec>, 'prometheusOperator'>, Omit<Monitoring<SchemaInput>, 'prometheusOperator'>>>();
    assertType<Equal<keyof Monitoring<Spec>, keyof Monitoring<SchemaInput>>>();
    assertType<Equal<Omit<PrometheusOperator<Spec>, FileKeys['prometheusOperator']>, Omit<PrometheusOperator<SchemaInput>, FileKeys['prometheusOperator']>>>();
    assertType<Equal<keyof PrometheusOperator<Spec>, keyof PrometheusOperator<SchemaInput>>>();
    assertType<Equal<NonNullable<Spec['gitops']>, NonNullable<SchemaInput['gitops']>>>();
    expect(parseClusterFile(clusterDoc()).file?.name).toBe('test');
  });

  test('takes the enums of the building blocks as well as the strings of the file', () => {
    const spec: ClusterSpec = {
      name: 'enums',
      platform: { cloud: 'baremetal', podSubnet: '10.244.0.0/16' },
      calico: { linuxDataplane: LinuxDataplane.BPF, ipPools: [{ cidr: '10.244.0.0/16', encapsulation: Encapsulation.VXLAN }] },
      retina: { logLevel: LogLevel.WARN },
    };
    const stack = new CalicoStack(testApp(), 'enums', spec);
    expect(messages(stack.findings).filter((m) => !m.startsWith('calico.nodeAddressAutodetectionV4: is not set'))).toEqual([]);
    expect(stack.calico.installation.ipPools[0].encapsulation).toBe('VXLAN');
    const strings: ClusterSpec = { ...spec, calico: { linuxDataplane: 'BPF', ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'VXLAN' }] }, retina: { logLevel: 'warn' } };
    expect(new CalicoStack(testApp(), 'strings', strings).calico.installation.ipPools).toEqual(stack.calico.installation.ipPools);
  });

  test('fails when a value is outside the closed set the type names, with the message of the file', () => {
    // The types stop this at compile time; a spec built from untyped data gets the file's message.
    const spec = { name: 'bad', platform: { cloud: 'aws' }, calico: { ipPools: [{ cidr: '10.0.0.0/16', encapsulation: 'IPIPP' }] } } as unknown as ClusterSpec;
    expect(messages(parseClusterFile(spec).findings)).toEqual([
      'calico.ipPools[0].encapsulation: "IPIPP" is not one of IPIP, IPIPCrossSubnet, VXLAN, VXLANCrossSubnet, None — did you mean "IPIP"?',
    ]);
  });
});
