/**
 * ClusterSpec (src/cluster-spec.ts) is written by hand so that the public types do not reach zod;
 * these checks prove it agrees with the cluster file's schema (src/config/schema.ts). The type-level
 * ones run in `npm test`'s tsc step: a key, an optional mark or a value that differs is a compile error.
 */
import { z } from 'zod';
import { ClusterSpec } from '../src/cluster-spec';
import { Encapsulation, LinuxDataplane } from '../src/calico/enums';
import { clusterFileSchema, ClusterFile } from '../src/config/schema';
import { parseClusterFile } from '../src/config/parse';
import { LogLevel } from '../src/retina/releases';
import { clusterDoc, messages } from './util';

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

describe('ClusterSpec', () => {
  test('has the keys, optional keys and values of the cluster file schema', () => {
    assertType<Equal<Normalize<ClusterSpec>, SchemaInput>>();
    // The sections one by one, so that a difference is reported where it is.
    assertType<Equal<Normalize<ClusterSpec['platform']>, SchemaInput['platform']>>();
    assertType<Equal<Normalize<NonNullable<ClusterSpec['calico']>>, NonNullable<SchemaInput['calico']>>>();
    assertType<Equal<Normalize<NonNullable<ClusterSpec['retina']>>, NonNullable<SchemaInput['retina']>>>();
    assertType<Equal<Normalize<NonNullable<ClusterSpec['monitoring']>>, NonNullable<SchemaInput['monitoring']>>>();
    assertType<Equal<Normalize<NonNullable<ClusterSpec['gitops']>>, NonNullable<SchemaInput['gitops']>>>();
    // What the schema makes of a file is a ClusterSpec too (loadClusterFile hands it on).
    const parsed: ClusterFile | undefined = parseClusterFile(clusterDoc()).file;
    const spec: ClusterSpec | undefined = parsed;
    expect(spec?.name).toBe('test');
  });

  test('takes the enums of the building blocks as well as the strings of the file', () => {
    const spec: ClusterSpec = {
      name: 'enums',
      platform: { cloud: 'baremetal', podSubnet: '10.244.0.0/16' },
      calico: { linuxDataplane: LinuxDataplane.BPF, ipPools: [{ cidr: '10.244.0.0/16', encapsulation: Encapsulation.VXLAN }] },
      retina: { logLevel: LogLevel.WARN },
    };
    const result = parseClusterFile(spec);
    expect(messages(result.findings)).toEqual([]);
    expect(result.file?.calico?.ipPools?.[0].encapsulation).toBe('VXLAN');
  });

  test('fails when a value is outside the closed set the type names, with the message of the file', () => {
    // The types stop this at compile time; a spec built from untyped data gets the file's message.
    const spec = { name: 'bad', platform: { cloud: 'aws' }, calico: { ipPools: [{ cidr: '10.0.0.0/16', encapsulation: 'IPIPP' }] } } as unknown as ClusterSpec;
    expect(messages(parseClusterFile(spec).findings)).toEqual([
      'calico.ipPools[0].encapsulation: "IPIPP" is not one of IPIP, IPIPCrossSubnet, VXLAN, VXLANCrossSubnet, None — did you mean "IPIP"?',
    ]);
  });
});
