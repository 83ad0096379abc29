/**
 * The certificates Felix (calico-node) and Typha authenticate each other with. By default the
 * operator creates them, signed by its own CA. Brought instead (`typhaCertificates: byo`), they are
 * two Secrets and a ConfigMap the user creates in the operator's namespace before the Installation is
 * reconciled; the operator looks them up by fixed names and uses them as they are. Nothing of them is
 * rendered: no key material is ever written to the output folder, and the operator needs nothing in
 * the Installation to use them (it reads the fixed names whatever the Installation says).
 *
 * Facts from tigera/operator at v1.34.5, v1.38.13, v1.40.15 and v1.42.3 (Calico v3.28.2, v3.30.7,
 * v3.31.7, v3.32.1):
 *
 * - the names: `node-certs` (pkg/render/node.go:78 at v1.34.5 and v1.38.13, :79 at v1.40.15 and
 *   v1.42.3), `typha-certs` and `typha-ca` with its key `caBundle` (pkg/render/typha.go:57-59 at
 *   v1.34.5, :62-66 at v1.38.13, :63-67 at v1.40.15 and v1.42.3), in the operator's namespace;
 * - the core controller reads them in getOrCreateTyphaNodeTLSConfig (pkg/controller/installation/
 *   core_controller.go:1563 at v1.34.5, :1699 at v1.38.13, :1764 at v1.40.15, :1826 at v1.42.3): a
 *   Secret not signed by the operator's CA is taken as brought, and its keys `common-name` and
 *   `uri-san` (pkg/render/render.go:23-24 at every tag) are what the peer checks; one of the two must
 *   be set ("CertPair for Felix does not contain common-name or uri-san", :1588, :1724, :1789, :1851);
 *   the ConfigMap's `caBundle` must not be empty (:1600-1601, :1737-1738, :1802-1803, :1864-1865);
 * - the certificate and key are read from `tls.crt` and `tls.key` (pkg/tls/certificatemanagement/
 *   keypair.go GetKeyCertPEM: :164-179 at v1.34.5, :264-279 at the others); a brought certificate
 *   outside its validity dates is refused (pkg/controller/certificatemanager/certificatemanager.go
 *   getKeyPair, v1.42.3 :425-482);
 * - the core controller watches the Secrets of its namespace and ConfigMap typha-ca (v1.42.3
 *   core_controller.go:190-199), so a replaced Secret is read again;
 * - the operator's own common names, which a brought certificate may reuse: `typha-server` for
 *   Typha, `typha-client` for Felix (pkg/render/render.go:25-26 at every tag).
 */
import { OPERATOR_NAMESPACE } from './tigera-operator';

/** Who provides the Typha and Felix certificates. */
export enum TyphaCertificates {
  /** The operator creates them, signed by its own CA (its default). */
  OPERATOR = 'operator',
  /** The user brings them: Secrets `node-certs` and `typha-certs`, ConfigMap `typha-ca`, in namespace tigera-operator. */
  BYO = 'byo',
}

/** One key of a brought object: its name, what it holds, and how a command gives it. */
export interface BroughtKey {
  readonly key: string;
  readonly holds: string;
  /** `file`: a PEM file (`--from-file=<key>=<file>`); `literal`: a value (`--from-literal=<key>=<value>`). */
  readonly from: 'file' | 'literal';
  /** Whether the operator needs it (`common-name` and `uri-san`: one of the two). */
  readonly required: boolean;
}

/** An object the user brings, which the operator looks up by its fixed name. */
export interface BroughtObject {
  readonly kind: 'Secret' | 'ConfigMap';
  readonly name: string;
  readonly namespace: string;
  /** Whose it is, in words. */
  readonly role: string;
  readonly keys: readonly BroughtKey[];
}

/** The operator's common name for a certificate (what the placeholder suggests). */
const OPERATOR_COMMON_NAMES = { typha: 'typha-server', felix: 'typha-client' } as const;

function keyPairKeys(commonName: string): BroughtKey[] {
  return [
    { key: 'tls.crt', holds: 'the certificate (PEM)', from: 'file', required: true },
    { key: 'tls.key', holds: 'its private key (PEM)', from: 'file', required: true },
    { key: 'common-name', holds: `the certificate's subject common name (the operator's own is ${commonName}), which the peer checks`, from: 'literal', required: true },
    { key: 'uri-san', holds: 'instead of common-name or with it: the certificate\'s URI SAN, which the peer checks', from: 'literal', required: false },
  ];
}

/** The objects to bring for `typhaCertificates: byo`, in the order to create them. */
export const TYPHA_CERTIFICATE_OBJECTS: readonly BroughtObject[] = [
  { kind: 'Secret', name: 'node-certs', namespace: OPERATOR_NAMESPACE, role: 'Felix\'s client certificate (calico-node), which Typha checks', keys: keyPairKeys(OPERATOR_COMMON_NAMES.felix) },
  { kind: 'Secret', name: 'typha-certs', namespace: OPERATOR_NAMESPACE, role: 'Typha\'s server certificate, which Felix checks', keys: keyPairKeys(OPERATOR_COMMON_NAMES.typha) },
  {
    kind: 'ConfigMap', name: 'typha-ca', namespace: OPERATOR_NAMESPACE, role: 'the CA bundle that signed both certificates, which Felix and Typha trust',
    keys: [{ key: 'caBundle', holds: 'the CA certificate(s) (PEM)', from: 'file', required: true }],
  },
];

/** The operator's common name a brought object's certificate may reuse, by object name. */
export const SUGGESTED_COMMON_NAMES: Readonly<Record<string, string>> = { 'node-certs': OPERATOR_COMMON_NAMES.felix, 'typha-certs': OPERATOR_COMMON_NAMES.typha };
